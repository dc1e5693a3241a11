import "server-only";
import { decideOnce } from "@/lib/server/approvals/decide";
import { decideErasureSchema, erasureRequestSchema } from "@/lib/schemas/gdpr";
import { appendAudit, serialiseFor } from "@/lib/server/audit/append";
import { can } from "@/lib/policy/capabilities";
import {
  requireStepUp,
  requireUserCapability,
  type Principal,
  type UserPrincipal,
} from "@/lib/server/auth/principal";
import { maskedCustomerNames, staffNames } from "@/lib/server/customers/masked-names";
import { shredCustomers } from "@/lib/server/customers/shred";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";

// GDPR art. 17 with four eyes: an officer asks (under the request's case reference), another
// officer or an admin approves, and the approval itself crypto-shreds the customer and writes
// the `gdpr.erase` audit row in the same transaction: erased exactly when recorded. The request
// row stays as the proof (ids only); the certificate (certificate.ts) points at the audit row.

/** An officer asks for a customer to be erased. One open request per customer. */
export async function requestErasure(actor: Principal, input: unknown) {
  requireUserCapability(actor, "gdpr.erase_request");
  requireStepUp(actor);
  const { customerId, caseRef } = parseInput(erasureRequestSchema, input);
  return db().$transaction(async (tx) => {
    await serialiseFor(tx, `erasure:${customerId}`);
    if (!(await tx.customer.count({ where: { id: customerId } })))
      throw new AppError("NOT_FOUND", "customer not found");
    if (await tx.erasureRequest.count({ where: { customerId, status: "pending" } }))
      throw new AppError(
        "CONFLICT",
        "erasure already requested",
        "An erasure request for this customer is already waiting for approval.",
      );
    const request = await tx.erasureRequest.create({
      data: { customerId, requestedBy: actor.userId, caseRef, status: "pending" },
    });
    await appendAudit(tx, {
      actor,
      action: "gdpr.erase_request",
      target: { type: "customer", id: customerId },
      purpose: `erasure: ${caseRef}`,
      detail: { request: request.id },
    });
    return { id: request.id };
  });
}

/**
 * Someone else approves (erases now) or declines. Nobody decides their own request; of two
 * concurrent decisions exactly one wins (the conditional update), and the erasure, its audit row
 * and the request's new state commit together or not at all.
 */
export async function decideErasure(actor: Principal, input: unknown) {
  requireUserCapability(actor, "gdpr.erase_decide");
  requireStepUp(actor);
  const { requestId, approve } = parseInput(decideErasureSchema, input);
  return db().$transaction(async (tx) => {
    const { request } = await decideOnce(
      tx,
      actor,
      await tx.erasureRequest.findUnique({ where: { id: requestId } }),
      {
        ownRequestMessage: "Another officer or an admin must decide your request.",
        record: async (decidedAt) =>
          (
            await tx.erasureRequest.updateMany({
              where: { id: requestId, status: "pending" },
              data: { status: approve ? "erased" : "declined", decidedBy: actor.userId, decidedAt },
            })
          ).count,
      },
    );
    const target = { type: "customer", id: request.customerId };
    if (!approve) {
      await appendAudit(tx, {
        actor,
        action: "gdpr.erase_decline",
        target,
        detail: { request: requestId },
      });
      return { status: "declined" as const };
    }
    const gone = await shredCustomers(tx, [request.customerId]);
    if (!gone.length)
      throw new AppError("CONFLICT", "customer already gone", "This customer no longer exists.");
    const audit = await appendAudit(tx, {
      actor,
      action: "gdpr.erase",
      target,
      purpose: `erasure: ${request.caseRef}`,
      detail: { request: requestId, requestedBy: request.requestedBy },
    });
    await tx.erasureRequest.update({
      where: { id: requestId },
      data: { auditEventId: audit.id },
    });
    return { status: "erased" as const };
  });
}

export type ErasureStatus = "pending" | "erased" | "declined";

export type ErasureRow = {
  id: string;
  customerId: string;
  /** The customer's name as this viewer may see it, while the customer still exists. */
  customerName: string | null;
  caseRef: string;
  status: ErasureStatus;
  requestedByName: string;
  decidedByName: string | null;
  createdAt: string;
  decidedAt: string | null;
  /** Whether this viewer may decide it (pending, someone else's, and they have the right). */
  decidable: boolean;
};

const HISTORY_MS = 30 * 86_400_000;

/** Who requests or decides erasures may see them (and download their certificates). */
export function requireErasureAccess(actor: Principal): asserts actor is UserPrincipal {
  requireUserCapability(
    actor,
    can(actor, "gdpr.erase_decide") ? "gdpr.erase_decide" : "gdpr.erase_request",
  );
}

/** Pending requests and the last 30 days of decisions, for the approvals page. */
export async function listErasureRequests(actor: Principal): Promise<ErasureRow[]> {
  requireErasureAccess(actor);
  const since = new Date(Date.now() - HISTORY_MS);
  return db().$transaction(async (tx) => {
    const rows = await tx.erasureRequest.findMany({
      where: { OR: [{ status: "pending" }, { createdAt: { gt: since } }] },
      orderBy: { createdAt: "desc" },
      take: 100,
    });
    const names = await staffNames(
      tx,
      rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
    );
    const customerNames = await maskedCustomerNames(
      tx,
      actor,
      rows.filter((r) => r.status === "pending").map((r) => r.customerId),
    );
    const decider = can(actor, "gdpr.erase_decide");
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customerId,
      customerName: customerNames.get(r.customerId) ?? null,
      caseRef: r.caseRef,
      status: r.status as ErasureStatus,
      requestedByName: names.get(r.requestedBy) ?? "Unknown",
      decidedByName: r.decidedBy ? (names.get(r.decidedBy) ?? "Unknown") : null,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decidable: decider && r.status === "pending" && r.requestedBy !== actor.userId,
    }));
  });
}

/** How many erasure requests wait for this person's decision (the nav badge). */
export async function countWaitingErasures(actor: Principal): Promise<number> {
  requireUserCapability(actor, "gdpr.erase_decide");
  return db().erasureRequest.count({
    where: { status: "pending", requestedBy: { not: actor.userId } },
  });
}

/** Whether this customer has an erasure request waiting (the customer page shows it). */
export async function pendingErasureFor(actor: Principal, customerId: string): Promise<boolean> {
  requireUserCapability(actor, "gdpr.erase_request");
  return (await db().erasureRequest.count({ where: { customerId, status: "pending" } })) > 0;
}
