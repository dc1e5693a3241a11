import "server-only";
import { limit, windowSeconds } from "@/lib/policy/limits";
import {
  FIELD_NAMES,
  fieldLabel,
  isFourEyes,
  type CustomerFieldName,
} from "@/lib/fields/catalogue";
import { levelFor, policySubject } from "@/lib/policy/field-policy";
import { subjectExportSchema } from "@/lib/schemas/gdpr";
import { appendAudit, recordAudit, serialiseFor } from "@/lib/server/audit/append";
import { customerAccessHistory } from "@/lib/server/audit/query";
import { requireStepUp, requireUserCapability, type Principal } from "@/lib/server/auth/principal";
import { maskedViewColumns, maskRows } from "@/lib/server/customers/masked-page";
import { unsafeReadCustomer } from "@/lib/server/customers/raw-read";
import { dailyRevealBudget, revealsUsedToday, spendApproval } from "@/lib/server/customers/reveal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { countHit } from "@/lib/server/store/window-counter";
import { parseInput } from "@/lib/server/validation";

// GDPR art. 15: everything Veil holds on one customer, machine-readable, with who accessed it.
// An export is a reveal, and follows the reveal rules (docs/security.md, "Subject export"):
//   * fields that need four eyes to reveal (the card number) leave in full only under an approval
//     a second officer gave for this customer, field and case reference, used once; otherwise
//     they are masked at the officer's own level and the export lists them under `withheld`;
//   * every export is one reveal toward the officer's daily budget (refused past it, alerted) and
//     counts toward the reveal-velocity alert;
//   * one customer is exported at most a few times a day, whoever asks (lib/policy/limits.ts)
//     (and the route limits each user per hour).
// Raw values leave only through the audited door (`unsafeReadCustomer`), recorded as a
// `gdpr.export` under the request's case reference; a refusal is recorded too.

export const SUBJECT_EXPORT_FORMAT = "veil-subject-access/1";

const WITHHELD_REASON =
  "Needs a second officer's approval: request a reveal of this field under the same case reference, then export again.";

type Refusal = "NOT_FOUND" | "BUDGET";

async function limitPerCustomer(customerId: string) {
  const { count, window } = limit("subjectExportsPerCustomer");
  const r = await countHit(
    "veil:rl:gdpr-export:customer",
    windowSeconds(window),
    customerId,
    count,
  );
  if (!r.allowed)
    throw new AppError(
      "RATE_LIMITED",
      "subject export limit per customer",
      `This customer's data has been exported ${count} times today. Try again tomorrow.`,
    );
}

/** The capability an export needs (checked inside, so that a refusal is audited like the rest). */
const EXPORT_CAPABILITY = "gdpr.export";

export const exportSubjectData = Object.assign(
  async function exportSubjectData(actor: Principal, input: unknown) {
    const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
    let auditedInside = false;
    try {
      requireUserCapability(actor, EXPORT_CAPABILITY);
      requireStepUp(actor);
      const { customerId, caseRef } = parseInput(subjectExportSchema, input);
      await limitPerCustomer(customerId);
      const purpose = `subject_access: ${caseRef}`;
      const subject = policySubject(actor);
      const exported = await db().$transaction(async (tx) => {
        // The budget check and the export's own row are serialised with the officer's reveals.
        await serialiseFor(tx, `reveal-budget:${actor.userId}`);
        let refused: Refusal | null = null;
        if (!(await tx.customer.count({ where: { id: customerId } }))) refused = "NOT_FOUND";
        else if ((await revealsUsedToday(tx, actor.userId)) >= dailyRevealBudget())
          refused = "BUDGET";
        if (refused) {
          // The `reveal_budget_exceeded` alert rule fires on a budget refusal.
          await appendAudit(tx, {
            actor,
            action: "gdpr.export",
            target: { type: "customer", id: customerId },
            purpose,
            detail: { refused },
            outcome: "denied",
          });
          auditedInside = true;
          return refused;
        }
        const withheld: CustomerFieldName[] = [];
        for (const field of FIELD_NAMES.filter(isFourEyes))
          if (!(await spendApproval(tx, actor, { customerId, field, caseRef })))
            withheld.push(field);
        const full = FIELD_NAMES.filter((f) => !withheld.includes(f));
        const fields = await unsafeReadCustomer(
          tx,
          actor,
          customerId,
          full,
          purpose,
          "gdpr.export",
          withheld.map((field) => ({ field, level: levelFor(subject, field) })),
        );
        if (!fields) return "NOT_FOUND" as const;
        // In turn: the transaction is one connection (one query at a time).
        const meta = await tx.customer.findUniqueOrThrow({
          where: { id: customerId },
          select: { createdAt: true, updatedAt: true },
        });
        const shares = await tx.partnerCustomer.findMany({
          where: { customerId },
          select: { partner: { select: { name: true } } },
        });
        const maskedRow = await tx.customer.findUniqueOrThrow({
          where: { id: customerId },
          select: maskedViewColumns(subject, withheld),
        });
        const [masked] = await maskRows(tx, subject, [maskedRow], withheld);
        const values: Record<string, string | null> = { ...fields };
        for (const f of withheld) values[f] = masked!.fields[f].value;
        return { values, withheld, meta, shares };
      });
      if (exported === "NOT_FOUND") throw new AppError("NOT_FOUND", "customer not found");
      if (exported === "BUDGET")
        throw new AppError(
          "RATE_LIMITED",
          "reveal budget exceeded (export)",
          `A subject export counts as a reveal, and you have used today's ${dailyRevealBudget()}. An administrator has been alerted.`,
        );
      const history = await customerAccessHistory(actor, customerId, 500);
      return {
        format: SUBJECT_EXPORT_FORMAT,
        generatedAt: new Date().toISOString(),
        caseRef,
        customer: {
          id: customerId,
          createdAt: exported.meta.createdAt.toISOString(),
          updatedAt: exported.meta.updatedAt.toISOString(),
          data: Object.fromEntries(
            FIELD_NAMES.map((f) => [
              f,
              { label: fieldLabel(f), value: exported.values[f] ?? null },
            ]),
          ),
        },
        /** Fields given masked, and why (they need a second officer's approval in full). */
        withheld: exported.withheld.map((field) => ({
          field,
          label: fieldLabel(field),
          level: levelFor(subject, field),
          reason: WITHHELD_REASON,
        })),
        sharedWithPartners: exported.shares.map((s) => s.partner.name),
        accessHistory: history.rows.map((r) => ({
          at: r.at,
          who: r.actorLabel,
          action: r.action,
          fields: r.fields,
          purpose: r.purpose,
          outcome: r.outcome,
        })),
      };
    } catch (err) {
      if (!auditedInside)
        await recordAudit({
          actor,
          action: "gdpr.export",
          target:
            typeof raw.customerId === "string" && /^[0-9a-f-]{36}$/i.test(raw.customerId)
              ? { type: "customer", id: raw.customerId.toLowerCase() }
              : null,
          detail: undefined,
          outcome: "denied",
        });
      throw err;
    }
  },
  { capability: EXPORT_CAPABILITY } as const,
);
