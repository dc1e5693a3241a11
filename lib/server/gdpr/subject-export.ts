import "server-only";
import { FIELD_NAMES, fieldLabel } from "@/lib/fields/catalogue";
import { subjectExportSchema } from "@/lib/schemas/gdpr";
import { recordAudit } from "@/lib/server/audit/append";
import { customerAccessHistory } from "@/lib/server/audit/query";
import { requireStepUp, requireUserCapability, type Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { unsafeReadCustomer } from "@/lib/server/customers/raw-read";
import { parseInput } from "@/lib/server/validation";

// GDPR art. 15: everything Veil holds on one customer, machine-readable, with who accessed it.
// Raw values leave only through the audited door (`unsafeReadCustomer`), recorded as a
// `gdpr.export` under the request's case reference; a refusal is recorded too.

export const SUBJECT_EXPORT_FORMAT = "veil-subject-access/1";

export async function exportSubjectData(actor: Principal, input: unknown) {
  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  try {
    requireUserCapability(actor, "gdpr.export");
    requireStepUp(actor);
    const { customerId, caseRef } = parseInput(subjectExportSchema, input);
    const purpose = `subject_access: ${caseRef}`;
    const exported = await db().$transaction(async (tx) => {
      const fields = await unsafeReadCustomer(
        tx,
        actor,
        customerId,
        FIELD_NAMES,
        purpose,
        "gdpr.export",
      );
      if (!fields) return null;
      const [meta, shares] = await Promise.all([
        tx.customer.findUniqueOrThrow({
          where: { id: customerId },
          select: { createdAt: true, updatedAt: true },
        }),
        tx.partnerCustomer.findMany({
          where: { customerId },
          select: { partner: { select: { name: true } } },
        }),
      ]);
      return { fields, meta, shares };
    });
    if (!exported) throw new AppError("NOT_FOUND", "customer not found");
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
          FIELD_NAMES.map((f) => [f, { label: fieldLabel(f), value: exported.fields[f] }]),
        ),
      },
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
}
