import "server-only";
import { z } from "zod";
import { hashEvent, type FieldAccess } from "@/lib/server/audit/chain";
import { checkpointValid } from "@/lib/server/audit/checkpoint";
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
  if (live) return { ...live, archived: false };
  const archived = await db().auditArchive.findUnique({ where: { id } });
  return archived && { ...archived, archived: true };
}

type SealedRow = NonNullable<AuditRow> & { seq: bigint; hash: string; prevHash: string };

const rowHash = (row: SealedRow) =>
  hashEvent({
    ...row,
    fields: (row.fields as FieldAccess[] | null) ?? null,
    detail: row.detail ?? null,
  });

const ARCHIVE_BATCH = 1000;

/**
 * An archived row proves something only inside the signed archive: at or below a checkpoint
 * whose signature holds, and linked row by row up to it (so a row slipped into the archive, by
 * anyone, is not on that chain). Null when it holds, else the reason.
 */
async function archivedChainProblem(row: SealedRow): Promise<string | null> {
  const checkpoint = await db().auditCheckpoint.findFirst({
    where: { throughSeq: { gte: row.seq } },
    orderBy: { throughSeq: "asc" },
  });
  if (!checkpoint || !checkpointValid(checkpoint))
    return "the archived audit row is not covered by a signed checkpoint";
  let expected = row.seq;
  let prevHash = row.prevHash;
  for (;;) {
    const rows = await db().auditArchive.findMany({
      where: { seq: { gte: expected, lte: checkpoint.throughSeq } },
      orderBy: { seq: "asc" },
      take: ARCHIVE_BATCH,
    });
    for (const r of rows) {
      if (
        r.seq !== expected ||
        r.prevHash !== prevHash ||
        rowHash({ ...r, archived: true }) !== r.hash
      )
        return `the archive's chain is broken at seq ${expected}`;
      prevHash = r.hash;
      expected += 1n;
    }
    if (rows.length < ARCHIVE_BATCH) break;
  }
  return expected - 1n === checkpoint.throughSeq && prevHash === checkpoint.hash
    ? null
    : "the archive's chain does not reach its signed checkpoint";
}

/** The carried-out erasure request the certificate names must say what the certificate says. */
async function requestProblem(cert: ErasureCertificate, row: SealedRow): Promise<string | null> {
  const request = await db().erasureRequest.findUnique({ where: { id: cert.certificateId } });
  if (
    !request ||
    request.status !== "erased" ||
    request.auditEventId !== row.id ||
    request.customerId !== cert.customerId ||
    request.caseRef !== cert.caseRef ||
    request.requestedBy !== cert.requestedBy.id ||
    request.decidedBy !== cert.approvedBy.id ||
    request.createdAt.toISOString() !== cert.requestedAt
  )
    return "the certificate does not match the erasure request it names";
  const names = await db().$transaction((tx) =>
    staffNames(tx, [request.requestedBy, request.decidedBy]),
  );
  if (
    (names.get(request.requestedBy) ?? "Unknown") !== cert.requestedBy.name ||
    (names.get(request.decidedBy!) ?? "Unknown") !== cert.approvedBy.name
  )
    return "the names on the certificate are not the requester's and approver's";
  return null;
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
 * Checks a certificate against the database: the audit row it names exists (live, or archived
 * inside the signed archive chain), still hashes to what the certificate says, records this
 * erasure by this approver; the erasure request it names agrees on every field and name; the
 * live chain verifies; and no customer row with that id exists.
 */
export async function verifyErasureCertificate(input: unknown): Promise<CertificateCheck> {
  const parsed = certificateSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "not an erasure certificate" };
  const cert = parsed.data;
  const found = await findAuditRow(cert.audit.eventId);
  if (!found || found.seq == null || !found.hash || !found.prevHash)
    return { ok: false, reason: "the audit row it names is not in the trail" };
  const row = found as SealedRow;
  if (rowHash(row) !== row.hash) return { ok: false, reason: "the audit row was altered" };
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
  const problem =
    (row.archived ? await archivedChainProblem(row) : null) ?? (await requestProblem(cert, row));
  if (problem) return { ok: false, reason: problem };
  const chain = await verifyAuditChain();
  if (!chain.ok)
    return { ok: false, reason: `the audit chain is broken at seq ${chain.brokenSeq}` };
  if (await db().customer.count({ where: { id: cert.customerId } }))
    return { ok: false, reason: "a customer with this id still exists" };
  return { ok: true, seq: cert.audit.seq };
}
