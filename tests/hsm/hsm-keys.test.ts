// The PKCS#11 key provider on a real SoftHSM2 token (tests/support/softhsm.ts made it, and its
// master key through `veil keys:create`): keys that never leave the token, the move of data keys
// from env keys into it, the inventory, the bounded data-key cache, and a token lost mid-service.
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createCustomer,
  getCustomer,
  insertCustomers,
  listCustomers,
} from "@/lib/server/customers";
import { shredCustomers } from "@/lib/server/customers/shred";
import { missingMasterKeys } from "@/lib/server/crypto/key-inventory";
import { hsmProvider, keyProvider } from "@/lib/server/crypto/key-provider";
import { db } from "@/lib/server/db";
import { metrics } from "@/lib/server/metrics";
import { runVeil } from "../support/cli";
import { withEnv } from "../support/configure-env";
import { CANARY, customerLike } from "../support/customers";
import { makeUser } from "../support/principals";
import { HSM_KEY_LABEL } from "../support/softhsm";

const SYSTEM = { kind: "system", name: "test" } as const;

async function hsmCalls(op: "wrap" | "unwrap") {
  const m = await metrics().keyProviderCalls.get();
  return m.values
    .filter((v) => v.labels.op === op && v.labels.provider === "pkcs11")
    .reduce((n, v) => n + v.value, 0);
}

afterAll(() => keyProvider().clear());

describe("master keys in a PKCS#11 token", () => {
  it("keys:create made a non-extractable, sensitive AES key in the token, and audited it", async () => {
    expect(hsmProvider()!.keyAttributes(HSM_KEY_LABEL)).toEqual({
      extractable: false,
      sensitive: true,
    });
    expect(
      await db().auditEvent.count({ where: { action: "keys.create", targetId: HSM_KEY_LABEL } }),
    ).toBe(1);
    const again = await runVeil(["keys:create", "--label", HSM_KEY_LABEL]);
    expect(again.code).toBe(64);
    expect(again.stderr).toContain("already exists");
  });

  it("wraps new customers' data keys in the token, and reads them back", async () => {
    const [id] = await insertCustomers(SYSTEM, [CANARY]);
    const row = await db().customer.findUniqueOrThrow({
      where: { id: id! },
      select: { dataKeyId: true },
    });
    expect(row.dataKeyId).toBe(HSM_KEY_LABEL);
    const officer = (await makeUser("OFFICER")).principal;
    expect((await getCustomer(officer, id)).fields.email).toBeDefined();
  });

  it("keys:rotate moves env-wrapped data keys into the token; keys:status is the inventory", async () => {
    const envIds = await withEnv({ VEIL_KEY_PROVIDER: "env" }, () =>
      insertCustomers(SYSTEM, [customerLike(), customerLike(), customerLike()]),
    );
    const envKeyId = (await db().customer.findUniqueOrThrow({ where: { id: envIds[0]! } }))
      .dataKeyId;
    expect(envKeyId).not.toBe(HSM_KEY_LABEL);

    const before = JSON.parse((await runVeil(["keys:status", "--json"])).stdout);
    expect(before.provider).toBe("pkcs11");
    expect(before.activeKeyId).toBe(HSM_KEY_LABEL);
    expect(before.masterKeys).toContainEqual({ keyId: envKeyId, rows: 3, held: true });

    const rotate = await runVeil(["keys:rotate"]);
    expect(rotate.code).toBe(0);
    expect(rotate.stdout).toMatch(/progress \d+\/\d+/);
    const after = JSON.parse((await runVeil(["keys:status", "--json"])).stdout);
    expect(after.masterKeys.map((k: { keyId: string }) => k.keyId)).toEqual([HSM_KEY_LABEL]);
    expect(after.lastRotation).toMatchObject({ toKeyId: HSM_KEY_LABEL });

    // Every data key is in the token now: the env keys can go, and the records still open.
    await withEnv({ VEIL_MASTER_KEYS: undefined }, async () => {
      expect(await missingMasterKeys()).toBeNull();
      const agent = (await makeUser("AGENT")).principal;
      expect((await getCustomer(agent, envIds[1])).id).toBe(envIds[1]);
    });
  });

  it("refuses to start while a data key is wrapped under a master key no provider holds", async () => {
    const [orphan] = await withEnv({ VEIL_KEY_PROVIDER: "env" }, () =>
      insertCustomers(SYSTEM, [customerLike()]),
    );
    const envKeyId = (await db().customer.findUniqueOrThrow({ where: { id: orphan! } })).dataKeyId;
    await withEnv({ VEIL_MASTER_KEYS: undefined }, async () => {
      expect(await missingMasterKeys()).toBe(
        `data keys are wrapped under master key "${envKeyId}" (1 customer) that no key provider holds: list it in VEIL_MASTER_KEYS or VEIL_PKCS11_KEY_LABELS.`,
      );
      const otherRing = `other:${Buffer.alloc(32, 7).toString("base64")}`;
      const status = await runVeil(["keys:status"], { env: { VEIL_MASTER_KEYS: otherRing } });
      expect(status.code).toBe(1);
      expect(status.stdout).toContain(`${envKeyId}: 1 data keys — NOT HELD BY ANY PROVIDER`);
    });
    await runVeil(["keys:rotate"]);
  });
});

describe("a token that cannot be opened", () => {
  it("a wrong PIN or a missing token stops the command with the reason, and never prints the PIN", async () => {
    const dir = path.dirname(process.env.SOFTHSM2_CONF!);
    const wrongPin = path.join(dir, "wrong-pin");
    writeFileSync(wrongPin, "not-the-pin-4711\n", { mode: 0o600 });
    const refused = await runVeil(["keys:status"], { env: { VEIL_PKCS11_PIN_FILE: wrongPin } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused the PIN \(CKR_PIN_INCORRECT\)/);
    expect(refused.stdout + refused.stderr).not.toContain("not-the-pin-4711");
    const absent = await runVeil(["keys:status"], {
      env: { VEIL_PKCS11_TOKEN_LABEL: "no-such-token" },
    });
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain('No token labelled "no-such-token" is present');
  });
});

describe("the data-key cache", () => {
  it("a warm page makes no call to the token; an erased customer's key leaves the cache at once", async () => {
    await insertCustomers(
      SYSTEM,
      Array.from({ length: 12 }, () => customerLike()),
    );
    const agent = (await makeUser("AGENT")).principal;
    keyProvider().clear();
    const cold = await hsmCalls("unwrap");
    const page = await listCustomers(agent, { page: 1, pageSize: 25 });
    const afterCold = await hsmCalls("unwrap");
    expect(afterCold - cold).toBeGreaterThan(0);
    expect(afterCold - cold).toBeLessThanOrEqual(page.rows.length);
    await listCustomers(agent, { page: 1, pageSize: 25 });
    expect(await hsmCalls("unwrap")).toBe(afterCold);

    const cached = keyProvider().settings.size;
    const victim = page.rows[0]!.id;
    await db().$transaction((tx) => shredCustomers(tx, [victim]));
    expect(keyProvider().settings.size).toBe(cached - 1);
  });
});

describe("a token lost while serving", () => {
  it("cold reads and new wraps answer UNAVAILABLE, warm reads go on, nothing is written; it recovers", async () => {
    const [warm, cold] = await insertCustomers(SYSTEM, [customerLike(), customerLike()]);
    const officer = (await makeUser("OFFICER")).principal;
    await getCustomer(officer, warm); // its data key is now in the cache
    keyProvider().forget(cold!);

    const tokens = path.join(path.dirname(process.env.SOFTHSM2_CONF!), "tokens");
    hsmProvider()!.close(); // the session is gone…
    renameSync(tokens, `${tokens}.away`); // …and so is the token
    try {
      await expect(getCustomer(officer, cold)).rejects.toMatchObject({ code: "UNAVAILABLE" });
      expect((await getCustomer(officer, warm)).id).toBe(warm);
      const count = await db().customer.count();
      await expect(createCustomer(officer, customerLike())).rejects.toMatchObject({
        code: "UNAVAILABLE",
      });
      expect(await db().customer.count()).toBe(count);
    } finally {
      renameSync(`${tokens}.away`, tokens);
    }
    expect((await getCustomer(officer, cold)).id).toBe(cold);
  });
});
