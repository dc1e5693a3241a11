// GDPR erasure with four eyes: an officer asks, someone else approves, and the approval
// crypto-shreds the customer in the same transaction as its audit row. Afterwards nothing of the
// record can be read even by someone holding the database and the keys; the deletion certificate
// verifies against the audit chain, and the chain still verifies.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { FIELD_NAMES } from "@/lib/fields/catalogue";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { createCustomer, getCustomer } from "@/lib/server/customers";
import { unsafeLoadSealed } from "@/lib/server/customers/ciphertexts";
import { databaseUrl, db } from "@/lib/server/db";
import { erasureCertificate, verifyErasureCertificate } from "@/lib/server/gdpr/certificate";
import { decideErasure, listErasureRequests, requestErasure } from "@/lib/server/gdpr/erasure";
import { exportSubjectData } from "@/lib/server/gdpr/subject-export";
import { requestReveal } from "@/lib/server/customers/reveal-requests";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { CANARY, CANARY_SECRETS } from "../support/customers";
import { makeUser } from "../support/principals";
import { fullTableScan } from "../support/table-scan";

/**
 * What a thief with the database would find of one customer: its wrapped key and ciphertexts, and
 * its blind indexes — except index values another customer shares (the same card or IBAN held by
 * someone else is that customer's data, and stays).
 */
async function storedTraces(id: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT encode("dataKeyWrapped", 'hex') AS key, encode("panEnc", 'hex') AS pan,
              encode("emailEnc", 'hex') AS email, "emailIdx", "panIdx", "ibanIdx", "nationalIdIdx"
         FROM "Customer" WHERE id = $1`,
      [id],
    );
    if (!rows.length) return [];
    const { key, pan, email, ...indexes } = rows[0]!;
    const shared = await client.query<{ v: string }>(
      `SELECT v FROM unnest($1::text[]) v WHERE EXISTS (
         SELECT 1 FROM "Customer" c WHERE c.id <> $2
           AND v IN (c."emailIdx", c."panIdx", c."ibanIdx", c."nationalIdIdx"))`,
      [Object.values(indexes), id],
    );
    const others = new Set(shared.rows.map((r) => r.v));
    return [key!, pan!, email!, ...Object.values(indexes).filter((v) => !others.has(v))];
  } finally {
    await client.end();
  }
}

async function officersAndCustomer() {
  const { principal: requester } = await makeUser("OFFICER");
  const { principal: approver } = await makeUser("OFFICER");
  const { id } = await createCustomer(requester, {
    ...CANARY,
    email: `erase.${Date.now()}@x.example`,
  });
  return { requester, approver, id };
}

describe("GDPR erasure", () => {
  it("after a second officer approves, the record is gone for good and the certificate verifies", async () => {
    const { requester, approver, id } = await officersAndCustomer();
    const traces = await storedTraces(id);
    // The key, two ciphertexts and at least the (unique) email's blind index.
    expect(traces.length).toBeGreaterThanOrEqual(4);
    const { id: requestId } = await requestErasure(requester, {
      customerId: id,
      caseRef: "erase-77",
    });
    // Requesting changes nothing yet.
    expect((await getCustomer(approver, id)).id).toBe(id);

    expect(await decideErasure(approver, { requestId, approve: true })).toEqual({
      status: "erased",
    });

    // Unreadable even with database access and the keys: no row, no key, no ciphertext left.
    expect(await storedTraces(id)).toEqual([]);
    const scan = await fullTableScan();
    for (const trace of traces) expect(scan).not.toContain(trace);
    for (const secret of CANARY_SECRETS.filter((s) => s !== CANARY.email))
      expect(scan).not.toContain(Buffer.from(secret!).toString("hex"));
    expect(await db().$transaction((tx) => unsafeLoadSealed(tx, [id], ["pan", "email"]))).toEqual(
      [],
    );
    await expect(getCustomer(approver, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      exportSubjectData(approver, { customerId: id, caseRef: "DSAR-1" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The id stays in the trail (who erased what, when); no values do.
    expect(scan).toContain(id);

    // Only people who deal with erasures get the certificate.
    const { principal: agent } = await makeUser("AGENT");
    await expect(erasureCertificate(agent, requestId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(erasureCertificate(requester, "../../etc/passwd")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const cert = await erasureCertificate(requester, requestId);
    expect(cert).toMatchObject({
      customerId: id,
      caseRef: "ERASE-77",
      requestedBy: { id: requester.userId },
      approvedBy: { id: approver.userId },
    });
    expect(await verifyErasureCertificate(JSON.parse(JSON.stringify(cert)))).toEqual({
      ok: true,
      seq: cert.audit.seq,
    });
    expect((await verifyAuditChain()).ok).toBe(true);

    // A doctored certificate does not verify: another approver, or another customer.
    const { principal: other } = await makeUser("OFFICER");
    expect(
      await verifyErasureCertificate({ ...cert, approvedBy: { id: other.userId, name: "X" } }),
    ).toMatchObject({ ok: false });
    expect(
      await verifyErasureCertificate({ ...cert, audit: { ...cert.audit, hash: "a".repeat(64) } }),
    ).toMatchObject({ ok: false });
    const { id: alive } = await createCustomer(requester, { ...CANARY, email: "alive@x.example" });
    expect(await verifyErasureCertificate({ ...cert, customerId: alive })).toMatchObject({
      ok: false,
    });
  });

  it("shreds the customer's partner shares and reveal requests with it", async () => {
    const { requester, approver, id } = await officersAndCustomer();
    const { principal: admin } = await makeUser("ADMIN");
    const { partner } = await createPartner(admin, {
      name: "Collections Ltd",
      profile: "basic",
      scopes: ["customers:read"],
    });
    await changePartnerSharing(admin, {
      partnerId: partner.id,
      change: "share",
      customers: { kind: "chosen", ids: [id] },
    });
    await requestReveal(requester, {
      customerId: id,
      field: "pan",
      purpose: "fraud_investigation",
      caseRef: "CASE-9",
    });
    expect(await db().partnerCustomer.count({ where: { customerId: id } })).toBe(1);
    expect(await db().revealRequest.count({ where: { customerId: id } })).toBe(1);
    const { id: requestId } = await requestErasure(requester, { customerId: id, caseRef: "E-2" });
    await decideErasure(approver, { requestId, approve: true });
    expect(await db().partnerCustomer.count({ where: { customerId: id } })).toBe(0);
    expect(await db().revealRequest.count({ where: { customerId: id } })).toBe(0);
  });

  it("nobody erases on their own: self-approval, other roles, no step-up and replays are refused", async () => {
    const { requester, approver, id } = await officersAndCustomer();
    for (const role of ["AGENT", "ANALYST", "ADMIN"] as const) {
      const { principal } = await makeUser(role);
      await expect(
        requestErasure(principal, { customerId: id, caseRef: "E-3" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const { principal: cold } = await makeUser("OFFICER", { steppedUp: false });
    await expect(requestErasure(cold, { customerId: id, caseRef: "E-3" })).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    const { id: requestId } = await requestErasure(requester, { customerId: id, caseRef: "E-3" });
    // A second open request for the same customer is refused.
    await expect(
      requestErasure(approver, { customerId: id, caseRef: "E-4" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(decideErasure(requester, { requestId, approve: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    for (const role of ["AGENT", "ANALYST"] as const) {
      const { principal } = await makeUser(role);
      await expect(decideErasure(principal, { requestId, approve: true })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const { principal: coldApprover } = await makeUser("OFFICER", { steppedUp: false });
    await expect(decideErasure(coldApprover, { requestId, approve: true })).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    expect((await getCustomer(approver, id)).id).toBe(id);

    // An admin may approve; the same request cannot be decided twice.
    const { principal: admin } = await makeUser("ADMIN");
    await decideErasure(admin, { requestId, approve: true });
    await expect(decideErasure(approver, { requestId, approve: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const rows = await listErasureRequests(admin);
    expect(rows.find((r) => r.id === requestId)).toMatchObject({
      status: "erased",
      customerName: null,
      decidable: false,
    });
  });

  it("two approvals at once: exactly one erases, the other is refused, one audit row", async () => {
    const { requester, approver, id } = await officersAndCustomer();
    const { principal: admin } = await makeUser("ADMIN");
    const { id: requestId } = await requestErasure(requester, { customerId: id, caseRef: "E-5" });
    const results = await Promise.allSettled([
      decideErasure(approver, { requestId, approve: true }),
      decideErasure(admin, { requestId, approve: true }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await sealAuditChain();
    expect(await db().auditEvent.count({ where: { action: "gdpr.erase", targetId: id } })).toBe(1);
  });

  it("a declined request leaves the record whole; bad input changes nothing", async () => {
    const { requester, approver, id } = await officersAndCustomer();
    const { id: requestId } = await requestErasure(requester, { customerId: id, caseRef: "E-6" });
    expect(await decideErasure(approver, { requestId, approve: false })).toEqual({
      status: "declined",
    });
    const still = await getCustomer(approver, id);
    expect(Object.keys(still.fields)).toEqual(expect.arrayContaining([...FIELD_NAMES]));
    await expect(erasureCertificate(requester, requestId)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const before = await db().erasureRequest.count();
    for (const bad of [
      { customerId: id, caseRef: "<script>alert(1)</script>" },
      { customerId: "1 OR 1=1", caseRef: "E-7" },
      { customerId: id, caseRef: "E-7", extra: true },
      null,
    ])
      await expect(requestErasure(requester, bad)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      decideErasure(approver, { requestId: '\'; DELETE FROM "Customer"; --', approve: true }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db().erasureRequest.count()).toBe(before);
    expect(await db().customer.count({ where: { id } })).toBe(1);
  });
});
