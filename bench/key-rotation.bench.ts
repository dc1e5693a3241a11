// Master key rotation: every customer's data key re-wrapped under a new master key, as
// `veil keys:rotate` does it, timed on a table of 100k customers.
import { randomBytes, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { reloadEnv } from "@/lib/env";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { rotateDataKeys } from "@/lib/server/customers/rotate";
import { keyProvider } from "@/lib/server/crypto/key-provider";
import { db } from "@/lib/server/db";
import { withEnv } from "../tests/support/configure-env";
import { createMasterKey, HSM_KEY_LABEL, softhsmToken } from "../tests/support/softhsm";
import { round } from "./support";

const SYSTEM: SystemPrincipal = { kind: "system", name: "bench" };

/**
 * Customers with real wrapped data keys and ciphertext columns of realistic size (random bytes:
 * rotation never opens them), written straight to the table: the fill is not what is measured.
 */
async function fillCustomers(count: number) {
  const { newWrappedDataKey } = await import("@/lib/server/customers/ciphertexts");
  for (let made = 0; made < count; made += 10_000) {
    const ids: string[] = [];
    const wrapped: string[] = [];
    for (let i = 0; i < Math.min(10_000, count - made); i++) {
      const id = randomUUID();
      const key = await newWrappedDataKey(id);
      key.dataKey.fill(0);
      ids.push(id);
      wrapped.push(Buffer.from(key.dataKeyWrapped).toString("base64"));
    }
    const keyId = keyProvider().activeKeyId;
    // ~45-byte random "ciphertexts" and 32-character "indexes", like the real columns.
    await db().$executeRaw`
      INSERT INTO "Customer" ("id", "dataKeyId", "dataKeyWrapped", "fullNameEnc", "nameIdx",
        "emailEnc", "emailIdx", "phoneEnc", "dateOfBirthEnc", "nationalIdEnc", "nationalIdIdx",
        "panEnc", "panIdx", "panLast4", "ibanEnc", "ibanIdx", "addressLineEnc", "postcodeEnc",
        "city", "country", "updatedAt")
      SELECT v.id, ${keyId}, decode(v.wrapped, 'base64'), r.b, ARRAY[left(r.h, 16)], r.b, r.h, r.b,
        r.b, r.b, r.h, r.b, r.h, '1111', r.b, r.h, r.b, r.b, 'Bench', 'GB', now()
      FROM unnest(${ids}::uuid[], ${wrapped}::text[]) AS v(id, wrapped)
      CROSS JOIN LATERAL (SELECT decode(md5(v.id::text) || md5(random()::text) || md5(random()::text), 'hex') AS b,
                                 md5(random()::text || v.id::text) AS h) r`;
  }
}

/** The same rotation into a PKCS#11 token (SoftHSM2): every data key wrapped inside the token. */
async function rotateIntoHsm(customers: number): Promise<number> {
  const token = softhsmToken();
  await createMasterKey(token.env);
  try {
    return await withEnv(token.env, async () => {
      const start = performance.now();
      const result = await rotateDataKeys(SYSTEM);
      const seconds = (performance.now() - start) / 1000;
      if (result.rewrapped !== customers || result.toKeyId !== HSM_KEY_LABEL)
        throw new Error(`rotation into the token re-wrapped ${result.rewrapped} of ${customers}`);
      keyProvider().clear();
      return seconds;
    });
  } finally {
    rmSync(token.dir, { recursive: true, force: true });
  }
}

export async function benchKeyRotation(customers = 100_000) {
  const fillStart = performance.now();
  await fillCustomers(customers);
  const fillSeconds = (performance.now() - fillStart) / 1000;

  const oldRing = process.env.VEIL_MASTER_KEYS!;
  process.env.VEIL_MASTER_KEYS = `bench2:${randomBytes(32).toString("base64")},${oldRing}`;
  reloadEnv();
  try {
    const start = performance.now();
    const result = await rotateDataKeys(SYSTEM);
    const seconds = (performance.now() - start) / 1000;
    const left = await db().customer.count({ where: { dataKeyId: { not: "bench2" } } });
    if (result.rewrapped !== customers || left !== 0)
      throw new Error(`rotation re-wrapped ${result.rewrapped} of ${customers}; ${left} left`);
    const toHsm = await rotateIntoHsm(customers);
    return {
      customers,
      key_rotation_100k_s: round((seconds * 100_000) / customers, 1),
      key_rotation_100k_to_hsm_s: round((toHsm * 100_000) / customers, 1),
      rotation_seconds: round(seconds, 1),
      keys_per_second: round(customers / seconds, 0),
      fill_seconds: round(fillSeconds, 1),
      note: "keys:rotate's own code path (batches of 100 keys, one transaction and one UPDATE each) on PostgreSQL; to_hsm: the same keys then moved from the env key into a SoftHSM2 token (unwrapped in process, wrapped in the token)",
    };
  } finally {
    process.env.VEIL_MASTER_KEYS = oldRing;
    reloadEnv();
  }
}
