import "server-only";
import { z } from "zod";
import { hashEvent, type FieldAccess } from "@/lib/server/audit/chain";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import type { Principal } from "@/lib/server/auth/principal";
import { staffNames } from "@/lib/server/customers/masked-names";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { requireErasureAccess } from "./erasure";

// The deletion certificate: who asked, who approved, when, and the audit row the erasing
// transaction wrote (its chain position and hash). Anyone with database read access can check it
// with `veil gdpr:verify-certificate`: the row must be in the chain, unchanged, say what the
// certificate says, and the customer must be gone.

export const CERTIFICATE_FORMAT = "veil-erasure-certificate/1";

const person = z.object({ id: z.string().uuid(), name: z.string().max(200) });
export const certificateSchema = z.object({
  format: z.literal(CERTIFICATE_FORMAT),
  certificateId: z.string().uuid(),
  customerId: z.string().uuid(),
  caseRef: z.string().max(32),
  requestedBy: person,
  requestedAt: z.string().datetime(),
  approvedBy: person,
  erasedAt: z.string().datetime(),
  erased: z.array(z.string()),
  audit: z.object({
    eventId: z.string().uuid(),
    seq: z.string().regex(/^\d+$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});
export type ErasureCertificate = z.infer<typeof certificateSchema>;

/** What the erasing transaction removed, in the certificate's words. */
const ERASED = [
  "the customer's data key (every encrypted field is unreadable without it)",
  "every encrypted field and search index of the record",
  "the record's partner shares and reveal requests",
];

type AuditRow = Awaited<ReturnType<typeof findAuditRow>>;

/** The row in the live chain or, once retention moved it, in the archive. */
async function findAuditRow(id: string) {
  const live = await db().auditEvent.findUnique({ where: { id } });
  if (live) return live;
  return db().auditArchive.findUnique({ where: { id } });
}

/** The certificate of a carried-out erasure, for the people who deal with erasures. */
export async function erasureCertificate(
  actor: Principal,
  requestId: string,
): Promise<ErasureCertificate> {
  requireErasureAccess(actor);
  const request = z.string().uuid().safeParse(requestId).success
    ? await db().erasureRequest.findUnique({ where: { id: requestId } })
    : null;
  if (!request || request.status !== "erased" || !request.auditEventId || !request.decidedBy)
    throw new AppError("NOT_FOUND", "no completed erasure");
  let row: AuditRow = await findAuditRow(request.auditEventId);
  // The sealer chains rows within milliseconds; a certificate asked for at once waits for it.
  if (row && row.hash == null) {
    await sealAuditChain();
    row = await findAuditRow(request.auditEventId);
  }
  if (!row || row.seq == null || !row.hash || !row.prevHash)
    throw new AppError("CONFLICT", "erasure not sealed", "The audit trail is not sealed yet.");
  const names = await db().$transaction((tx) =>
    staffNames(tx, [request.requestedBy, request.decidedBy!]),
  );
  return {
    format: CERTIFICATE_FORMAT,
    certificateId: request.id,
    customerId: request.customerId,
    caseRef: request.caseRef,
    requestedBy: { id: request.requestedBy, name: names.get(request.requestedBy) ?? "Unknown" },
    requestedAt: request.createdAt.toISOString(),
    approvedBy: { id: request.decidedBy, name: names.get(request.decidedBy) ?? "Unknown" },
    erasedAt: row.at.toISOString(),
    erased: ERASED,
    audit: {
      eventId: row.id,
      seq: String(row.seq),
      hash: row.hash,
      prevHash: row.prevHash,
    },
  };
}

export type CertificateCheck = { ok: true; seq: string } | { ok: false; reason: string };

/**
 * Checks a certificate against the database: the audit row it names exists (live or archived),
 * still hashes to what the certificate says, records this erasure by this approver, and the
 * live chain verifies; and no customer row with that id exists.
 */
export async function verifyErasureCertificate(input: unknown): Promise<CertificateCheck> {
  const parsed = certificateSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "not an erasure certificate" };
  const cert = parsed.data;
  const row = await findAuditRow(cert.audit.eventId);
  if (!row || row.seq == null || !row.hash || !row.prevHash)
    return { ok: false, reason: "the audit row it names is not in the trail" };
  const recomputed = hashEvent({
    ...row,
    seq: row.seq,
    prevHash: row.prevHash,
    fields: (row.fields as FieldAccess[] | null) ?? null,
    detail: row.detail ?? null,
  });
  if (recomputed !== row.hash) return { ok: false, reason: "the audit row was altered" };
  if (
    row.hash !== cert.audit.hash ||
    String(row.seq) !== cert.audit.seq ||
    row.prevHash !== cert.audit.prevHash
  )
    return { ok: false, reason: "the certificate's hash or position does not match the trail" };
  const detail = (row.detail ?? {}) as { request?: string; requestedBy?: string };
  if (
    row.action !== "gdpr.erase" ||
    row.outcome !== "success" ||
    row.targetId !== cert.customerId ||
    row.actorId !== cert.approvedBy.id ||
    detail.request !== cert.certificateId ||
    detail.requestedBy !== cert.requestedBy.id ||
    row.at.toISOString() !== cert.erasedAt
  )
    return { ok: false, reason: "the audit row records a different event" };
  const chain = await verifyAuditChain();
  if (!chain.ok)
    return { ok: false, reason: `the audit chain is broken at seq ${chain.brokenSeq}` };
  if (await db().customer.count({ where: { id: cert.customerId } }))
    return { ok: false, reason: "a customer with this id still exists" };
  return { ok: true, seq: cert.audit.seq };
}
