import { env } from "@/lib/env";
import { recordAudit } from "@/lib/server/audit/append";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { keyProvider } from "@/lib/server/crypto/key-provider";
import { EnvKeyRing } from "@/lib/server/crypto/keyring";
import { pkcs11ConfigFrom } from "@/lib/server/crypto/pkcs11-config";
import { Pkcs11KeyProvider } from "@/lib/server/crypto/pkcs11-provider";
import { dataKeyInventory, lastKeyRotation } from "@/lib/server/crypto/key-inventory";
import { parseOptions, UsageError, type Command } from "./command";

// The key ceremony: master keys made inside the HSM (never printed, never leaving it), and the
// inventory an auditor asks for (which master key wraps how many data keys, the last rotation).

const CLI: SystemPrincipal = { kind: "system", name: "cli" };
const LABEL = /^[A-Za-z0-9_-]{1,32}$/;

export const keyCommands: Command[] = [
  {
    name: "keys:create",
    usage: "keys:create --label LABEL",
    summary:
      "Generate a master key inside the HSM (AES-256, non-extractable); prints no key material.",
    help: "Needs VEIL_KEY_PROVIDER=pkcs11 with the token's module, label and PIN. Then list LABEL first in VEIL_PKCS11_KEY_LABELS and run keys:rotate to move every data key under it.",
    async run(argv) {
      const o = parseOptions(argv, { label: { type: "string" } });
      if (!o.label || !LABEL.test(o.label))
        throw new UsageError("--label is required: 1–32 letters, digits, dashes or underscores.");
      const e = env();
      if (e.VEIL_KEY_PROVIDER !== "pkcs11")
        throw new UsageError("keys:create needs VEIL_KEY_PROVIDER=pkcs11.");
      if (e.VEIL_MASTER_KEYS && new EnvKeyRing(e.VEIL_MASTER_KEYS).has(o.label))
        throw new UsageError(`"${o.label}" is already an env master key id: choose another label.`);
      // Its own session, not the serving provider's: the new key is not listed anywhere yet.
      let hsm: Pkcs11KeyProvider;
      try {
        hsm = Pkcs11KeyProvider.open(pkcs11ConfigFrom(e), { requireKeys: false });
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      let attrs: ReturnType<Pkcs11KeyProvider["keyAttributes"]>;
      try {
        hsm.createKey(o.label);
        attrs = hsm.keyAttributes(o.label);
      } catch (err) {
        throw new UsageError((err as Error).message);
      } finally {
        hsm.close();
      }
      await recordAudit({
        actor: CLI,
        action: "keys.create",
        target: { type: "master_key", id: o.label },
        detail: { provider: "pkcs11", extractable: attrs?.extractable ?? false },
      });
      console.log(
        `Created master key "${o.label}" in token "${env().VEIL_PKCS11_TOKEN_LABEL}" (AES-256, extractable: ${attrs?.extractable ? "yes" : "no"}, sensitive: ${attrs?.sensitive ? "yes" : "no"}).`,
      );
      return 0;
    },
  },
  {
    name: "keys:status",
    usage: "keys:status [--json]",
    summary:
      "The key inventory: provider, active master key, data keys per master key, last rotation, cache.",
    async run(argv) {
      const o = parseOptions(argv, { json: { type: "boolean" } });
      const provider = keyProvider();
      const inventory = await dataKeyInventory();
      const last = await lastKeyRotation();
      const status = {
        provider: env().VEIL_KEY_PROVIDER,
        activeKeyId: provider.activeKeyId,
        masterKeys: inventory,
        lastRotation: last
          ? {
              toKeyId: last.toKeyId,
              startedAt: last.startedAt.toISOString(),
              finishedAt: last.finishedAt?.toISOString() ?? null,
              rewrapped: last.rewrapped,
            }
          : null,
        cache: { max: provider.settings.max, ttlSeconds: provider.settings.ttlSeconds },
      };
      if (o.json) {
        console.log(JSON.stringify(status, null, 2));
      } else {
        console.log(`Provider: ${status.provider}; active master key: ${status.activeKeyId}`);
        for (const k of inventory)
          console.log(
            `  ${k.keyId}: ${k.rows} data keys${k.held ? "" : " — NOT HELD BY ANY PROVIDER"}`,
          );
        if (!inventory.length) console.log("  (no customers yet)");
        console.log(
          last
            ? `Last rotation: to ${last.toKeyId}, ${last.finishedAt ? `finished ${last.finishedAt.toISOString()}` : "not finished (rerun keys:rotate)"}, ${last.rewrapped} re-wrapped`
            : "Last rotation: none",
        );
        console.log(
          `Data-key cache: at most ${status.cache.max} keys for ${status.cache.ttlSeconds} s${status.cache.max === 0 ? " (off)" : ""}`,
        );
      }
      return inventory.every((k) => k.held) ? 0 : 1;
    },
  },
];
