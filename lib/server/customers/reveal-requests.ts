import "server-only";
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
    const request = await tx.revealRequest.findUnique({ where: { id: requestId } });
    if (!request || request.status !== "pending" || request.expiresAt < new Date())
      throw new AppError("NOT_FOUND", "no pending request");
    if (request.requestedBy === actor.userId)
      throw new AppError("FORBIDDEN", "self-approval", "Another officer must decide your request.");
    // Conditional on still pending: of two concurrent decisions exactly one wins.
    const { count } = await tx.revealRequest.updateMany({
      where: { id: requestId, status: "pending", expiresAt: { gt: new Date() } },
      data: {
        status: approve ? "approved" : "declined",
        decidedBy: actor.userId,
        decidedAt: new Date(),
        expiresAt: new Date(Date.now() + APPROVAL_TTL_MS),
      },
    });
    if (count !== 1)
      throw new AppError("CONFLICT", "decided concurrently", "Another officer decided it first.");
    await appendAudit(tx, {
      actor,
      action: approve ? "reveal.approve" : "reveal.decline",
      target: { type: "reveal_request", id: requestId },
      fields: [{ field: request.field, level: "plain" }],
    });
    return { status: approve ? "approved" : "declined" };
  });
}

export type RevealRequestRow = {
  id: string;
  customerId: string;
  field: string;
  purpose: string;
  caseRef: string;
  status: string;
  mine: boolean;
  requestedByName: string;
  createdAt: string;
};

/** Pending requests for others to decide, and the officer's own recent ones. */
export async function listRevealRequests(actor: Principal): Promise<RevealRequestRow[]> {
  requireUserCapability(actor, "reveal.decide");
  const rows = await db().revealRequest.findMany({
    where: {
      OR: [
        { status: "pending", expiresAt: { gt: new Date() } },
        { requestedBy: actor.userId, createdAt: { gt: new Date(Date.now() - 86_400_000) } },
      ],
    },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  const names = new Map(
    (
      await db().user.findMany({
        where: { id: { in: rows.map((r) => r.requestedBy) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    field: r.field,
    purpose: REVEAL_PURPOSES[r.purpose as keyof typeof REVEAL_PURPOSES] ?? r.purpose,
    caseRef: r.caseRef,
    status: r.status,
    mine: r.requestedBy === actor.userId,
    requestedByName: names.get(r.requestedBy) ?? "Unknown",
    createdAt: r.createdAt.toISOString(),
  }));
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

/** Whether this officer holds an approved, unused card reveal for a customer (for the UI). */
export async function approvedRevealFor(actor: UserPrincipal, customerId: string, field: string) {
  return (
    (await db().revealRequest.count({
      where: {
        customerId,
        field,
        requestedBy: actor.userId,
        status: "approved",
        usedAt: null,
        expiresAt: { gt: new Date() },
      },
    })) > 0
  );
}
