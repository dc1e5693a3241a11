// The PKCS#11 provider's cost on the portal's list page: a warm page (data keys in the cache)
// with master keys in SoftHSM2 over the same page with env keys, in this run on one database;
// and one cold page of 50 (empty cache: one batched round of unwraps in the token).
import { rmSync } from "node:fs";
import { keyProvider } from "@/lib/server/crypto/key-provider";
import { insertCustomers, listCustomers } from "@/lib/server/customers";
import { rotateDataKeys } from "@/lib/server/customers/rotate";
import { fakeCustomers } from "@/lib/seed/fake-customers";
import { configureEnv } from "../tests/support/configure-env";
import { createMasterKey, softhsmToken } from "../tests/support/softhsm";
import { benchAgent, median, round, timeEach } from "./support";

const BLOCK = 200;

export async function benchHsm() {
  const token = softhsmToken();
  await createMasterKey(token.env);
  const agent = await benchAgent();
  const page = () => listCustomers(agent, { page: 1, pageSize: 50 });
  try {
    // The same 200 rows: first under env keys, then re-wrapped into the token (keys:rotate).
    await insertCustomers({ kind: "system", name: "bench" }, fakeCustomers(200, 5));
    const warm: Record<"env" | "pkcs11", number[]> = { env: [], pkcs11: [] };
    await page(); // fill the cache
    for (let i = 0; i < 3; i++) warm.env.push(...(await timeEach(BLOCK, () => page())));
    configureEnv(token.env);
    const t = performance.now();
    const rotated = await rotateDataKeys({ kind: "system", name: "bench" });
    const rotateMs = performance.now() - t;
    // Cold: the cache emptied before each page (a batched round of unwraps in the token).
    const cold = await timeEach(20, async () => {
      keyProvider().clear();
      await page();
    });
    await page();
    for (let i = 0; i < 3; i++) warm.pkcs11.push(...(await timeEach(BLOCK, () => page())));
    const envMs = median(warm.env);
    const hsmMs = median(warm.pkcs11);
    return {
      hsm_warm_list_ratio: round(envMs / hsmMs, 3),
      hsm_cold_page_ms: round(median(cold), 2),
      warmPageMs: { env: round(envMs, 3), pkcs11: round(hsmMs, 3) },
      rotateIntoHsm: { rewrapped: rotated.rewrapped, ms: round(rotateMs, 1) },
      note: "list page of 50 (agent view: read + audit row, then the masked rows), the same 200 rows under env keys and then re-wrapped into SoftHSM2, both warm (data keys cached, so the masked rows come from memory); cold = one page with the data-key cache emptied first (which retires the masked rows too: the token unwraps the page's keys in one batched round, then every row is decrypted and masked)",
    };
  } finally {
    keyProvider().clear();
    configureEnv({
      VEIL_KEY_PROVIDER: undefined,
      VEIL_PKCS11_MODULE: undefined,
      VEIL_PKCS11_TOKEN_LABEL: undefined,
      VEIL_PKCS11_PIN_FILE: undefined,
      VEIL_PKCS11_KEY_LABELS: undefined,
    });
    rmSync(token.dir, { recursive: true, force: true });
  }
}
