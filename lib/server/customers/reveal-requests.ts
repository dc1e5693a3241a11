import "server-only";
import { decideOnce } from "@/lib/server/approvals/decide";
import { isFourEyes } from "@/lib/fields/catalogue";
import { REVEAL_PURPOSES } from "@/lib/policy/field-policy";
import { decideRevealSchema, revealSchema } from "@/lib/schemas/customers";
import { appendAudit } from "@/lib/server/audit/append";
import {
  requireStepUp,
  requireUserCapability,
  type Principal,
  type UserPrincipal,
} from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { maskedCustomerNames, staffNames } from "./masked-names";
import { purposeLabel, requireRevealer } from "./reveal";

// Four-eyes reveal requests: an officer asks, another officer decides, and the approval is then
// used once by the reveal (see reveal.ts) for the purpose and case it was asked for.

const APPROVAL_TTL_MS = 60 * 60 * 1000;

/** Asks a second officer to approve a four-eyes reveal. */
export async function requestReveal(actor: Principal, input: unknown) {
  const data = parseInput(revealSchema, input);
  requireRevealer(actor, data.field);
  if (!isFourEyes(data.field))
    throw new AppError("VALIDATION", "no approval needed", "This field does not need approval.");
  return db().$transaction(async (tx) => {
    if (!(await tx.customer.count({ where: { id: data.customerId } })))
      throw new AppError("NOT_FOUND", "customer not found");
    const open = await tx.revealRequest.count({
      where: {
        customerId: data.customerId,
        field: data.field,
        requestedBy: actor.userId,
        status: { in: ["pending", "approved"] },
        expiresAt: { gt: new Date() },
      },
    });
    if (open)
      throw new AppError(
        "CONFLICT",
        "duplicate reveal request",
        "You already have an open request for this field.",
      );
    const request = await tx.revealRequest.create({
      data: {
        customerId: data.customerId,
        field: data.field,
        requestedBy: actor.userId,
        purpose: data.purpose,
        caseRef: data.caseRef,
        status: "pending",
        expiresAt: new Date(Date.now() + APPROVAL_TTL_MS),
      },
    });
    await appendAudit(tx, {
      actor,
      action: "reveal.request",
      target: { type: "reveal_request", id: request.id },
      fields: [{ field: data.field, level: "plain" }],
      purpose: purposeLabel(data),
    });
    return { id: request.id };
  });
}

/** Another officer approves or declines; nobody decides their own request. */
export async function decideReveal(actor: Principal, input: unknown) {
  const { requestId, approve } = parseInput(decideRevealSchema, input);
  requireUserCapability(actor, "reveal.decide");
  requireStepUp(actor);
  return db().$transaction(async (tx) => {
    const { request } = await decideOnce(
      tx,
      actor,
      await tx.revealRequest.findUnique({ where: { id: requestId } }),
      {
        ownRequestMessage: "Another officer must decide your request.",
        record: async (decidedAt) =>
          (
            await tx.revealRequest.updateMany({
              where: { id: requestId, status: "pending", expiresAt: { gt: decidedAt } },
              data: {
                status: approve ? "approved" : "declined",
                decidedBy: actor.userId,
                decidedAt,
                expiresAt: new Date(decidedAt.getTime() + APPROVAL_TTL_MS),
              },
            })
          ).count,
      },
    );
    await appendAudit(tx, {
      actor,
      action: approve ? "reveal.approve" : "reveal.decline",
      target: { type: "reveal_request", id: requestId },
      fields: [{ field: request.field, level: "plain" }],
    });
    return { status: approve ? "approved" : "declined" };
  });
}

/** Where a request stands, in the words the portal shows. */
export type RevealRequestStatus = "waiting" | "approved" | "used" | "declined" | "expired";

export type RevealRequestRow = {
  id: string;
  customerId: string;
  /** The customer's name as this viewer may see it (masked by their policy row). */
  customerName: string;
  field: string;
  purpose: string;
  caseRef: string;
  status: RevealRequestStatus;
  requestedByName: string;
  decidedByName: string | null;
  createdAt: string;
  decidedAt: string | null;
};

const HISTORY_MS = 7 * 86_400_000;

function statusOf(r: { status: string; usedAt: Date | null; expiresAt: Date }, now: Date) {
  if (r.status === "declined") return "declined";
  if (r.status === "used" || r.usedAt) return "used";
  if (r.expiresAt <= now) return "expired";
  return r.status === "approved" ? "approved" : "waiting";
}

/**
 * The approvals page: requests waiting for this officer, their own requests and what they decided
 * (7 days). Customer names are masked for the viewer and the read is audited like a list.
 */
export async function listRevealRequests(actor: Principal): Promise<{
  toDecide: RevealRequestRow[];
  mine: RevealRequestRow[];
  decidedByMe: RevealRequestRow[];
}> {
  requireUserCapability(actor, "reveal.decide");
  const now = new Date();
  const since = new Date(now.getTime() - HISTORY_MS);
  return db().$transaction(async (tx) => {
    const rows = await tx.revealRequest.findMany({
      where: {
        OR: [
          { status: "pending", expiresAt: { gt: now }, requestedBy: { not: actor.userId } },
          { requestedBy: actor.userId, createdAt: { gt: since } },
          { decidedBy: actor.userId, decidedAt: { gt: since } },
        ],
      },
      orderBy: { createdAt: "desc" },
      take: 100,
    });
    const names = await staffNames(
      tx,
      rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
    );
    const customerName = await maskedCustomerNames(
      tx,
      actor,
      rows.map((r) => r.customerId),
    );
    const toRow = (r: (typeof rows)[number]): RevealRequestRow => ({
      id: r.id,
      customerId: r.customerId,
      customerName: customerName.get(r.customerId) ?? "Customer",
      field: r.field,
      purpose: REVEAL_PURPOSES[r.purpose as keyof typeof REVEAL_PURPOSES] ?? r.purpose,
      caseRef: r.caseRef,
      status: statusOf(r, now),
      requestedByName: names.get(r.requestedBy) ?? "Unknown",
      decidedByName: r.decidedBy ? (names.get(r.decidedBy) ?? "Unknown") : null,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
    });
    return {
      toDecide: rows
        .filter((r) => r.requestedBy !== actor.userId && statusOf(r, now) === "waiting")
        .map(toRow),
      mine: rows.filter((r) => r.requestedBy === actor.userId).map(toRow),
      decidedByMe: rows.filter((r) => r.decidedBy === actor.userId).map(toRow),
    };
  });
}

/** How many pending requests await this decider (others' requests; one's own cannot be decided). */
export async function countWaitingRevealRequests(actor: Principal): Promise<number> {
  requireUserCapability(actor, "reveal.decide");
  return db().revealRequest.count({
    where: {
      status: "pending",
      expiresAt: { gt: new Date() },
      requestedBy: { not: actor.userId },
    },
  });
}

/**
 * Where this officer's four-eyes request for a field stands, for the customer page: "pending",
 * "approved" (unused, not expired) or null (none open: they may ask).
 */
export async function openRevealRequestFor(
  actor: UserPrincipal,
  customerId: string,
  field: string,
): Promise<"pending" | "approved" | null> {
  const open = await db().revealRequest.findFirst({
    where: {
      customerId,
      field,
      requestedBy: actor.userId,
      status: { in: ["pending", "approved"] },
      usedAt: null,
      expiresAt: { gt: new Date() },
    },
    select: { status: true },
    orderBy: { createdAt: "desc" },
  });
  return open ? (open.status as "pending" | "approved") : null;
}
