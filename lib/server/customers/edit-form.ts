import "server-only";
import { CUSTOMER_FIELDS, type FieldEntry, type StoredPartName } from "@/lib/fields/catalogue";
import { levelFor, policySubject } from "@/lib/policy/field-policy";
import type { MaskedCustomer } from "@/lib/schemas/customers";
import { requireCapability, type Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { getCustomer } from "./index";

/**
 * What the edit form starts from: the customer masked for the editor (an audited read), and the
 * stored parts the editor already sees in clear — the name where their level is plain, city and
 * country where their address mask is built from them — to pre-fill. Nothing else is sent: the
 * other fields stay blank ("keep") with their mask as a hint.
 */
export async function customerForEdit(
  actor: Principal,
  id: unknown,
): Promise<{ customer: MaskedCustomer; prefill: Partial<Record<StoredPartName, string>> }> {
  requireCapability(actor, "customers.write");
  const customer = await getCustomer(actor, id);
  const subject = policySubject(actor);
  const prefill: Partial<Record<StoredPartName, string>> = {};
  const name = customer.fields.fullName;
  if (name.level === "plain" && name.value) prefill.fullName = name.value;
  const addressLevel = levelFor(subject, "address");
  if (
    addressLevel === "plain" ||
    (CUSTOMER_FIELDS.address as FieldEntry).fromClear?.includes(addressLevel)
  ) {
    const row = await db().customer.findUnique({
      where: { id: customer.id },
      select: { city: true, country: true },
    });
    if (row) Object.assign(prefill, row);
  }
  return { customer, prefill };
}
