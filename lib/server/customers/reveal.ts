import "server-only";
import { FOUR_EYES_FIELDS, mayReveal, REVEAL_PURPOSES } from "@/lib/policy/field-policy";
import {
  customerIdSchema,
  decideRevealSchema,
  REVEALABLE_FIELDS,
  revealSchema,
  type RevealInput,
} from "@/lib/schemas/customers";
import { raiseAlert } from "@/lib/server/alerts/raise";
import { appendAudit, lockAuditChain, recordAudit } from "@/lib/server/audit/append";
import {
  requireUserCapability,
  requireStepUp,
  type Principal,
  type UserPrincipal,
} from "@/lib/server/auth/principal";
import { db, type Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { unsafeLoadSealed, unsafeOpenFields, type StoredField } from "./sealed";
import { policySubject } from "@/lib/policy/field-policy";

export const DAILY_REVEAL_BUDGET = 20;
export const REVEAL_VISIBLE_SECONDS = 30;
const APPROVAL_TTL_MS = 60 * 60 * 1000;

const STORED_FOR: Record<RevealInput["field"], StoredField[]> = {
  email: ["email"],
  phone: ["phone"],
  dateOfBirth: ["dateOfBirth"],
  nationalId: ["nationalId"],
  pan: ["pan"],
  iban: ["iban"],
  address: ["addressLine", "postcode"],
};

function purposeLabel(input: Pick<RevealInput, "purpose" | "caseRef">) {
  return `${input.purpose}: ${input.caseRef}`;
}

/**
 * A reveal refused before it reached the data (wrong role, no reveal right, no step-up, bad
 * input) is still a reveal attempt: recorded with what can be named safely, never raw input.
 */
async function auditRefusedReveal(actor: Principal, input: unknown, err: unknown) {
  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const customerId = customerIdSchema.safeParse(raw.customerId);
  const field = (REVEALABLE_FIELDS as readonly unknown[]).includes(raw.field)
    ? (raw.field as string)
    : null;
  await recordAudit({
    actor,
    action: "customer.reveal",
    target: customerId.success ? { type: "customer", id: customerId.data } : null,
    fields: field ? [{ field, level: "plain" }] : undefined,
    purpose: `refused: ${err instanceof AppError ? err.code : "INTERNAL"}`,
    outcome: "denied",
  });
}

/** Validates the request and the caller; any refusal is audited before it is thrown. */
async function admitReveal(actor: Principal, input: unknown) {
  try {
    const data = parseInput(revealSchema, input);
    requireRevealer(actor, data.field);
    requireStepUp(actor);
    return { data, actor };
  } catch (err) {
    await auditRefusedReveal(actor, input, err);
    throw err;
  }
}

function startOfUtcDay(now = new Date()) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export async function revealsUsedToday(tx: Tx, userId: string) {
  return tx.auditEvent.count({
    where: {
      action: "customer.reveal",
      actorType: "user",
      actorId: userId,
      outcome: "success",
      at: { gte: startOfUtcDay() },
    },
  });
}

function requireRevealer(actor: Principal, field: string): asserts actor is UserPrincipal {
  requireUserCapability(actor, "customers.reveal");
  if (!mayReveal(policySubject(actor), field))
    throw new AppError("FORBIDDEN", `no reveal right for ${field}`);
}

/**
 * The one way a raw value leaves the server: an officer, stepped up, within budget, with a
 * purpose, and for card numbers with another officer's approval. Audited in the same
 * transaction; refusals are audited too.
 */
export async function revealField(
  actor: Principal,
  input: unknown,
): Promise<{ field: string; value: string; visibleForSeconds: number }> {
  const { data, actor: officer } = await admitReveal(actor, input);
  const target = { type: "customer", id: data.customerId };
  const outcome = await db().$transaction(async (tx) => {
    await lockAuditChain(tx); // budget check and append are serialised: no racing past the limit
    const exists = await tx.customer.count({ where: { id: data.customerId } });
    if (!exists) return { refused: "NOT_FOUND" as const };
    if ((await revealsUsedToday(tx, officer.userId)) >= DAILY_REVEAL_BUDGET) {
      await appendAudit(tx, {
        actor,
        action: "customer.reveal",
        target,
        fields: [{ field: data.field, level: "plain" }],
        purpose: purposeLabel(data),
        outcome: "denied",
      });
      await raiseAlert(tx, {
        kind: "reveal_budget_exceeded",
        severity: "high",
        message: `Daily reveal budget (${DAILY_REVEAL_BUDGET}) exceeded.`,
        subject: { type: "user", id: officer.userId },
      });
      return { refused: "BUDGET" as const };
    }
    if (FOUR_EYES_FIELDS.includes(data.field as never)) {
      const { count } = await tx.revealRequest.updateMany({
        where: {
          customerId: data.customerId,
          field: data.field,
          requestedBy: officer.userId,
          // The approval covers the purpose and case it was asked for, nothing else.
          purpose: data.purpose,
          caseRef: data.caseRef,
          status: "approved",
          usedAt: null,
          expiresAt: { gt: new Date() },
        },
        data: { usedAt: new Date(), status: "used" },
      });
      if (count === 0) {
        await appendAudit(tx, {
          actor,
          action: "customer.reveal",
          target,
          fields: [{ field: data.field, level: "plain" }],
          purpose: purposeLabel(data),
          outcome: "denied",
        });
        return { refused: "APPROVAL" as const };
      }
    }
    const [sealed] = await unsafeLoadSealed(tx, [data.customerId], STORED_FOR[data.field]);
    const raw = await unsafeOpenFields(sealed!, STORED_FOR[data.field]);
    await appendAudit(tx, {
      actor,
      action: "customer.reveal",
      target,
      fields: [{ field: data.field, level: "plain" }],
      purpose: purposeLabel(data),
    });
    return {
      value: STORED_FOR[data.field]
        .map((f) => raw[f])
        .filter(Boolean)
        .join(", "),
    };
  });
  if ("refused" in outcome) {
    if (outcome.refused === "NOT_FOUND") {
      await recordAudit({
        actor,
        action: "customer.reveal",
        target,
        fields: [{ field: data.field, level: "plain" }],
        outcome: "denied",
      });
      throw new AppError("NOT_FOUND", "customer not found");
    }
    if (outcome.refused === "BUDGET")
      throw new AppError(
        "RATE_LIMITED",
        "reveal budget exceeded",
        `You have used today's ${DAILY_REVEAL_BUDGET} reveals. An administrator has been alerted.`,
      );
    throw new AppError(
      "FORBIDDEN",
      "four-eyes approval missing",
      "A full card number needs another officer's approval for this purpose and case first. Request it, then reveal.",
    );
  }
  return { field: data.field, value: outcome.value, visibleForSeconds: REVEAL_VISIBLE_SECONDS };
}

/** Asks a second officer to approve a four-eyes reveal. */
export async function requestReveal(actor: Principal, input: unknown) {
  const data = parseInput(revealSchema, input);
  requireRevealer(actor, data.field);
  if (!FOUR_EYES_FIELDS.includes(data.field as never))
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
