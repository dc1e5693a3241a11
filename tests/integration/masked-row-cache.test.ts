import { describe, expect, it } from "vitest";
import { createCustomer, getCustomer, listCustomers, updateCustomer } from "@/lib/server/customers";
import { listCustomersPage } from "@/lib/server/customers/api";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { partnerFromAccessToken } from "@/lib/server/partners/tokens";
import { DecryptionError } from "@/lib/server/crypto/envelope";
import { forgetDataKey } from "@/lib/server/crypto/key-provider";
import { db } from "@/lib/server/db";
import { metrics } from "@/lib/server/metrics";
import { withEnv } from "../support/configure-env";
import { customerLike } from "../support/customers";
import { clientCredentialsToken } from "../support/partner-token";
import { makeUser } from "../support/principals";

// A record read again with the same ciphertexts is masked from memory (lib/server/customers/
// masked-row-cache.ts). What a reviewer needs to see: it is reused only for exactly those
// ciphertexts, never beyond its data key's life in memory, and never for another record.

/** Rows masked from memory and rows decrypted, and data keys unwrapped, since the last call. */
async function counters() {
  const rows = (await metrics().maskedRowCache.get()).values;
  const calls = (await metrics().keyProviderCalls.get()).values;
  const of = (o: string) => rows.find((v) => v.labels.outcome === o)?.value ?? 0;
  return {
    hit: of("hit"),
    miss: of("miss"),
    unwrapped: calls.filter((v) => v.labels.op === "unwrap").reduce((n, v) => n + v.value, 0),
  };
}
async function change<T>(fn: () => Promise<T>) {
  const before = await counters();
  const result = await fn();
  const after = await counters();
  return {
    result,
    hit: after.hit - before.hit,
    miss: after.miss - before.miss,
    unwrapped: after.unwrapped - before.unwrapped,
  };
}

describe("masked rows kept in memory", () => {
  it("a record read again is masked from memory: no data key unwrapped, the same view", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(agent, customerLike({ email: "warm.read@example.com" }));
    const cold = await change(() => getCustomer(agent, id));
    expect(cold).toMatchObject({ miss: 1, hit: 0 });
    const warm = await change(() => getCustomer(agent, id));
    expect(warm).toMatchObject({ hit: 1, miss: 0, unwrapped: 0 });
    expect(warm.result).toEqual(cold.result);
    expect(warm.result.fields.email.value).toBe("w•••@example.com");
  });

  it("a warm list page masks every row from memory", async () => {
    const { principal: agent } = await makeUser("AGENT");
    for (let i = 0; i < 3; i++) await createCustomer(agent, customerLike());
    const first = await change(() => listCustomers(agent, { page: 1, pageSize: 20 }));
    const again = await change(() => listCustomers(agent, { page: 1, pageSize: 20 }));
    expect(again.result.rows.length).toBeGreaterThanOrEqual(3);
    expect(again).toMatchObject({ hit: again.result.rows.length, miss: 0, unwrapped: 0 });
    expect(again.result.rows).toEqual(first.result.rows);
  });

  it("a changed record is masked afresh, never served as it was", async () => {
    const { principal: officer } = await makeUser("OFFICER", { steppedUp: true });
    const { id } = await createCustomer(officer, customerLike({ email: "before@example.com" }));
    expect((await getCustomer(officer, id)).fields.email.value).toBe("b•••@example.com");
    await updateCustomer(officer, id, { email: "after@example.org" });
    const read = await change(() => getCustomer(officer, id));
    expect(read.result.fields.email.value).toBe("a•••@example.org");
    expect(read).toMatchObject({ miss: 1, hit: 0 });
  });

  it("a ciphertext copied from another customer is refused, even with both views in memory", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const a = await createCustomer(agent, customerLike({ email: "a.copy@example.com" }));
    const b = await createCustomer(agent, customerLike({ email: "b.copy@example.com" }));
    await getCustomer(agent, a.id);
    await getCustomer(agent, b.id);
    // Someone with write access to the table copies b's email ciphertext into a's row.
    const emailOf = (id: string) =>
      db().customer.findUniqueOrThrow({ where: { id }, select: { emailEnc: true } });
    const [ra, rb] = [await emailOf(a.id), await emailOf(b.id)];
    await db().customer.update({ where: { id: a.id }, data: { emailEnc: rb.emailEnc } });
    try {
      await expect(getCustomer(agent, a.id)).rejects.toBeInstanceOf(DecryptionError);
      // b's own view is unaffected; a's is not served from memory either way.
      expect((await getCustomer(agent, b.id)).fields.email.value).toBe("b•••@example.com");
      await expect(getCustomer(agent, a.id)).rejects.toBeInstanceOf(DecryptionError);
    } finally {
      // Put a back: other test files read every record of this shared database.
      await db().customer.update({ where: { id: a.id }, data: { emailEnc: ra.emailEnc } });
    }
    expect((await getCustomer(agent, a.id)).fields.email.value).toBe("a•••@example.com");
  });

  it("forgetting a customer's data key (erasure, re-wrap, another instance's erasure) retires the masked row with it", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(agent, customerLike());
    await getCustomer(agent, id);
    expect(await change(() => getCustomer(agent, id))).toMatchObject({ hit: 1 });
    forgetDataKey(id);
    expect(await change(() => getCustomer(agent, id))).toMatchObject({
      hit: 0,
      miss: 1,
      unwrapped: 1,
    });
  });

  it("with the data-key cache off (VEIL_DEK_CACHE_MAX=0) no masked row is kept either", async () => {
    await withEnv({ VEIL_DEK_CACHE_MAX: "0" }, async () => {
      const { principal: agent } = await makeUser("AGENT");
      const { id } = await createCustomer(agent, customerLike());
      await getCustomer(agent, id);
      expect(await change(() => getCustomer(agent, id))).toMatchObject({
        hit: 0,
        miss: 1,
        unwrapped: 1,
      });
    });
  });

  it("a view showing a revealable field in full (a KYC partner's national ID) is never kept; a masked one is", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { id } = await createCustomer(admin, customerLike({ nationalId: "QQ123456C" }));
    const reader = async (profile: "kyc" | "basic") => {
      const p = await createPartner(admin, {
        name: `Cache ${profile}`,
        profile,
        scopes: ["customers:read"],
      });
      await changePartnerSharing(admin, {
        partnerId: p.partner.id,
        change: "share",
        customers: { kind: "chosen", ids: [id] },
      });
      const token = await clientCredentialsToken(p);
      return (await partnerFromAccessToken(token, { ip: "127.0.0.1", requestId: null }))!;
    };
    const kyc = await reader("kyc");
    const first = await change(() => listCustomersPage(kyc, { limit: "10" }));
    expect(first.result.data[0]!.fields.nationalId).toBe("QQ123456C");
    expect(await change(() => listCustomersPage(kyc, { limit: "10" }))).toMatchObject({
      hit: 0,
      miss: 1,
    });
    const basic = await reader("basic");
    await listCustomersPage(basic, { limit: "10" });
    expect(await change(() => listCustomersPage(basic, { limit: "10" }))).toMatchObject({
      hit: 1,
      miss: 0,
    });
  });

  it("a caller cannot change what is kept for the next reader", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(agent, customerLike({ email: "frozen@example.com" }));
    await getCustomer(agent, id);
    const kept = await getCustomer(agent, id);
    expect(() => {
      (kept.fields.email as { value: string }).value = "someone-else@example.com";
    }).toThrow(TypeError);
    expect((await getCustomer(agent, id)).fields.email.value).toBe("f•••@example.com");
  });
});
