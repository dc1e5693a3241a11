import "server-only";
import { limit } from "@/lib/policy/limits";
import { isFourEyes, REVEALABLE_FIELDS } from "@/lib/fields/catalogue";
import { mayReveal, policySubject } from "@/lib/policy/field-policy";
import { customerIdSchema, revealSchema, type RevealInput } from "@/lib/schemas/customers";
import { appendAudit, serialiseFor, recordAudit } from "@/lib/server/audit/append";
import {
  requireUserCapability,
  requireStepUp,
  type Principal,
  type UserPrincipal,
} from "@/lib/server/auth/principal";
import { db, type Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { unsafeReadCustomer } from "./raw-read";

/** Full-value reveals (subject exports included) per officer per UTC day. */
export const dailyRevealBudget = () => limit("revealsPerDay").count;
export const REVEAL_VISIBLE_SECONDS = 30;

export function purposeLabel(input: Pick<RevealInput, "purpose" | "caseRef">) {
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
    detail: { refused: err instanceof AppError ? err.code : "INTERNAL" },
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

/** Reveals and subject exports (each export is one reveal) this officer made today. */
export async function revealsUsedToday(tx: Tx, userId: string) {
  return tx.auditEvent.count({
    where: {
      action: { in: ["customer.reveal", "gdpr.export"] },
      actorType: "user",
      actorId: userId,
      outcome: "success",
      at: { gte: startOfUtcDay() },
    },
  });
}

export function requireRevealer(actor: Principal, field: string): asserts actor is UserPrincipal {
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
  type Refusal = "NOT_FOUND" | "BUDGET" | "APPROVAL";
  const refusal = (tx: Tx, refused: Refusal) =>
    appendAudit(tx, {
      actor,
      action: "customer.reveal",
      target: { type: "customer", id: data.customerId },
      fields: [{ field: data.field, level: "plain" }],
      purpose: purposeLabel(data),
      detail: { refused },
      outcome: "denied",
    });
  const outcome = await db().$transaction(async (tx): Promise<{ value: string } | Refusal> => {
    // Budget check and append are serialised per officer: no racing past the limit.
    await serialiseFor(tx, `reveal-budget:${officer.userId}`);
    let refused: Refusal | null = null;
    if (!(await tx.customer.count({ where: { id: data.customerId } }))) refused = "NOT_FOUND";
    // Over budget: refused, and the `reveal_budget_exceeded` alert rule fires on the refusal.
    else if ((await revealsUsedToday(tx, officer.userId)) >= dailyRevealBudget())
      refused = "BUDGET";
    else if (isFourEyes(data.field) && !(await spendApproval(tx, officer, data)))
      refused = "APPROVAL";
    if (refused) {
      await refusal(tx, refused);
      return refused;
    }
    const values = await unsafeReadCustomer(
      tx,
      officer,
      data.customerId,
      [data.field],
      purposeLabel(data),
    );
    return { value: values![data.field] };
  });
  if (outcome === "NOT_FOUND") throw new AppError("NOT_FOUND", "customer not found");
  if (outcome === "BUDGET")
    throw new AppError(
      "RATE_LIMITED",
      "reveal budget exceeded",
      `You have used today's ${dailyRevealBudget()} reveals. An administrator has been alerted.`,
    );
  if (outcome === "APPROVAL")
    throw new AppError(
      "FORBIDDEN",
      "four-eyes approval missing",
      "A full card number needs another officer's approval for this purpose and case first. Request it, then reveal.",
    );
  return { field: data.field, value: outcome.value, visibleForSeconds: REVEAL_VISIBLE_SECONDS };
}

/**
 * Uses this officer's approval for exactly this customer, field and case (and purpose, when the
 * caller names one: a subject export serves whatever purpose the approval was given for), once.
 */
export async function spendApproval(
  tx: Tx,
  officer: UserPrincipal,
  data: Pick<RevealInput, "customerId" | "field" | "caseRef"> & { purpose?: string },
) {
  const { count } = await tx.revealRequest.updateMany({
    where: {
      customerId: data.customerId,
      field: data.field,
      requestedBy: officer.userId,
      ...(data.purpose ? { purpose: data.purpose } : {}),
      caseRef: data.caseRef,
      status: "approved",
      usedAt: null,
      expiresAt: { gt: new Date() },
    },
    data: { usedAt: new Date(), status: "used" },
  });
  return count === 1;
}
