// A throw-away SoftHSM2 token for the PKCS#11 key provider's tests: its own directory and
// configuration (SOFTHSM2_CONF), a random PIN in a file only this user reads, and a master key
// generated through Veil's own CLI (`veil keys:create`). A real token, never a mock.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runVeil } from "./cli";

export const SOFTHSM_MODULE = [
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
].find(existsSync);

export const HSM_KEY_LABEL = "hsm-1";

export function softhsmToken(): { env: Record<string, string>; dir: string } {
  if (!SOFTHSM_MODULE) throw new Error("SoftHSM2 is not installed (apt-get install -y softhsm2)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "veil-hsm-"));
  mkdirSync(path.join(dir, "tokens"));
  const conf = path.join(dir, "softhsm2.conf");
  writeFileSync(
    conf,
    `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  const pin = randomBytes(8).toString("hex");
  const pinFile = path.join(dir, "pin");
  writeFileSync(pinFile, `${pin}\n`, { mode: 0o600 });
  const label = "veil-test";
  const init = spawnSync(
    "softhsm2-util",
    [
      "--init-token",
      "--free",
      "--label",
      label,
      "--pin",
      pin,
      "--so-pin",
      randomBytes(8).toString("hex"),
    ],
    { env: { ...process.env, SOFTHSM2_CONF: conf }, encoding: "utf8" },
  );
  if (init.status !== 0) throw new Error(`softhsm2-util failed: ${init.stderr}`);
  return {
    dir,
    env: {
      SOFTHSM2_CONF: conf,
      VEIL_KEY_PROVIDER: "pkcs11",
      VEIL_PKCS11_MODULE: SOFTHSM_MODULE,
      VEIL_PKCS11_TOKEN_LABEL: label,
      VEIL_PKCS11_PIN_FILE: pinFile,
      VEIL_PKCS11_KEY_LABELS: HSM_KEY_LABEL,
    },
  };
}

/** Generates the token's master key the way an operator does: `veil keys:create`. */
export async function createMasterKey(env: Record<string, string>, label = HSM_KEY_LABEL) {
  const r = await runVeil(["keys:create", "--label", label], { env });
  if (r.code !== 0) throw new Error(`veil keys:create failed: ${r.stderr}`);
  return r.stdout;
}
