// Second review, item 6: erasure certificates cannot be forged. The app role could INSERT into
// AuditArchive, and the certificate check accepted an archived row without any chain check: a
// certificate for an erasure that never happened verified. A doctored case reference, request
// time or name on a genuine certificate verified too.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashEvent } from "@/lib/server/audit/chain";
import { createCustomer } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import {
  CERTIFICATE_FORMAT,
  erasureCertificate,
  verifyErasureCertificate,
} from "@/lib/server/gdpr/certificate";
import { decideErasure, requestErasure } from "@/lib/server/gdpr/erasure";
import { appRoleForThisFile } from "../support/app-role";
import { CANARY } from "../support/customers";
import { asOwnerBypassingAppendOnly } from "../support/owner";
import { makeUser } from "../support/principals";

const { asAppRole } = appRoleForThisFile();

/** An archived `gdpr.erase` row for an erasure that never happened, hashed as verify would. */
function forgedArchiveRow(approverId: string, requesterId: string) {
  const row = {
    seq: BigInt(900_000_000 + Math.floor(Math.random() * 1_000_000)),
    id: randomUUID(),
    at: new Date("2026-01-02T03:04:05.000Z"),
    actorType: "user",
    actorId: approverId,
    action: "gdpr.erase",
    targetType: "customer",
    targetId: randomUUID(),
    targetIds: [] as string[],
    fields: null,
    purpose: null,
    outcome: "success",
    requestId: null,
    ip: null,
    prevHash: "0".repeat(64),
    detail: { request: randomUUID(), requestedBy: requesterId },
    hashVersion: 2,
  };
  return { ...row, hash: hashEvent(row) };
}

function certificateFor(row: ReturnType<typeof forgedArchiveRow>) {
  return {
    format: CERTIFICATE_FORMAT,
    certificateId: row.detail.request,
    customerId: row.targetId,
    caseRef: "FORGED-1",
    requestedBy: { id: row.detail.requestedBy, name: "Someone" },
    requestedAt: "2026-01-01T00:00:00.000Z",
    approvedBy: { id: row.actorId, name: "Someone Else" },
    erasedAt: row.at.toISOString(),
    erased: ["everything"],
    audit: { eventId: row.id, seq: String(row.seq), hash: row.hash, prevHash: row.prevHash },
  };
}

describe("item 6: erasure certificates cannot be forged", () => {
  it("the app role cannot write the audit archive", async () => {
    const { user: a } = await makeUser("OFFICER");
    const { user: b } = await makeUser("OFFICER");
    const row = forgedArchiveRow(a.id, b.id);
    await expect(
      asAppRole(
        `INSERT INTO "AuditArchive" (seq, id, at, "actorType", "actorId", action, "targetType", "targetId", outcome, "prevHash", hash, detail, "hashVersion")
         VALUES (${row.seq}, '${row.id}', '${row.at.toISOString()}', 'user', '${a.id}', 'gdpr.erase', 'customer', '${row.targetId}', 'success', '${row.prevHash}', '${row.hash}', '${JSON.stringify(row.detail)}', 2)`,
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it("an archived row outside every signed checkpoint proves nothing, even put there by a superuser", async () => {
    const { user: a } = await makeUser("OFFICER");
    const { user: b } = await makeUser("OFFICER");
    const row = forgedArchiveRow(a.id, b.id);
    await asOwnerBypassingAppendOnly((tx) =>
      tx.auditArchive.create({ data: { ...row, fields: undefined } }),
    );
    try {
      expect(await verifyErasureCertificate(certificateFor(row))).toMatchObject({ ok: false });
    } finally {
      await asOwnerBypassingAppendOnly((tx) => tx.auditArchive.delete({ where: { id: row.id } }));
    }
  });

  it("a genuine certificate with a doctored case reference, request time or name does not verify", async () => {
    const { principal: requester } = await makeUser("OFFICER");
    const { principal: approver } = await makeUser("OFFICER");
    const { id } = await createCustomer(requester, {
      ...CANARY,
      email: `cert.${Date.now()}@x.example`,
    });
    const { id: requestId } = await requestErasure(requester, { customerId: id, caseRef: "c-9" });
    await decideErasure(approver, { requestId, approve: true });
    const cert = JSON.parse(JSON.stringify(await erasureCertificate(requester, requestId)));
    expect(await verifyErasureCertificate(cert)).toMatchObject({ ok: true });
    for (const doctored of [
      { ...cert, caseRef: "OTHER-CASE" },
      { ...cert, requestedAt: "2020-01-01T00:00:00.000Z" },
      { ...cert, requestedBy: { ...cert.requestedBy, name: "The CEO" } },
      { ...cert, approvedBy: { ...cert.approvedBy, name: "Data Protection Officer" } },
    ])
      expect(await verifyErasureCertificate(doctored)).toMatchObject({ ok: false });
    const request = await db().erasureRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).toBe("erased");
  });
});
