import "server-only";
import { partsToDecrypt, type CustomerFieldName } from "@/lib/fields/catalogue";
import { levelFor, mayReveal, policySubject } from "@/lib/policy/field-policy";
import { appendAudit } from "@/lib/server/audit/append";
import { requireUserCapability, type Principal } from "@/lib/server/auth/principal";
import type { Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { unsafeLoadSealed, unsafeOpenFields, type StoredField } from "./ciphertexts";
import { plainValue } from "./masked-view";

/**
 * The one audited door for raw values (reveals, subject access exports). It re-checks the
 * caller's right to each field (a reveal right, or a field the caller sees in full anyway),
 * decrypts exactly those fields, and appends the audit row — fields at level `plain`, with the
 * purpose — in the caller's transaction, so the value and its record commit together or not at
 * all. Null when the customer does not exist.
 */
export async function unsafeReadCustomer(
  tx: Tx,
  actor: Principal,
  customerId: string,
  fields: readonly CustomerFieldName[],
  purpose: string,
  action: "customer.reveal" | "gdpr.export" = "customer.reveal",
  /** Fields that left with the same answer at a masked level (recorded in the same row). */
  alsoMasked: { field: CustomerFieldName; level: string }[] = [],
): Promise<Record<CustomerFieldName, string> | null> {
  requireUserCapability(actor, "customers.reveal");
  const subject = policySubject(actor);
  const denied = fields.filter((f) => !mayReveal(subject, f) && levelFor(subject, f) !== "plain");
  if (denied.length) throw new AppError("FORBIDDEN", `no reveal right for ${denied.join(",")}`);
  const row = await tx.customer.findUnique({
    where: { id: customerId },
    select: { id: true, city: true, country: true },
  });
  if (!row) return null;
  const parts = partsToDecrypt(fields, () => "plain") as StoredField[];
  const [sealed] = parts.length ? await unsafeLoadSealed(tx, [customerId], parts) : [];
  const raw = sealed ? await unsafeOpenFields(sealed, parts) : {};
  await appendAudit(tx, {
    actor,
    action,
    target: { type: "customer", id: customerId },
    fields: [...fields.map((field) => ({ field, level: "plain" })), ...alsoMasked],
    purpose,
  });
  return Object.fromEntries(fields.map((f) => [f, plainValue(f, row, raw)])) as Record<
    CustomerFieldName,
    string
  >;
}
