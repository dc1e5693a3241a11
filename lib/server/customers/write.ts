import "server-only";
import { randomUUID } from "node:crypto";
import { FIELD_NAMES } from "@/lib/fields/catalogue";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  customerInputSchema,
  customerUpdateSchema,
  type CustomerInput,
} from "@/lib/schemas/customers";
import { appendAudit, audited } from "@/lib/server/audit/append";
import { requireCapability, requiring, type Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { newWrappedDataKey, sealFields, unsafeLoadSealed, unwrapDataKey } from "./ciphertexts";
import { visibleTo } from "./visibility";
import { asCustomerId } from "./ids";

// Writing customers: create, bulk insert (import, seed) and update, each encrypting under the
// customer's own data key and audited in the same transaction.

/** Creates a customer: a fresh data key, every field encrypted, indexes computed. Audited. */
export const createCustomer = requiring(
  "customers.write",
  async function createCustomer(actor: Principal, input: unknown): Promise<{ id: string }> {
    const data = parseInput(customerInputSchema, input);
    return insertCustomers(actor, [data]).then(([id]) => ({ id: id! }));
  },
);

/**
 * Inserts already-validated customers in one transaction (create, bulk import, seeding). Checks
 * the caller itself: staff who may write, or the operator's CLI.
 */
export async function insertCustomers(
  actor: Principal,
  inputs: CustomerInput[],
  action: "customer.create" | "customer.import" | "customer.seed" = "customer.create",
): Promise<string[]> {
  requireCapability(actor, "customers.write");
  const prepared = await Promise.all(
    inputs.map(async (input) => {
      const id = randomUUID();
      const key = await newWrappedDataKey(id);
      const columns = sealFields(id, key.dataKey, input);
      key.dataKey.fill(0);
      return {
        id,
        dataKeyId: key.dataKeyId,
        dataKeyWrapped: key.dataKeyWrapped,
        createdBy: actor.kind === "user" ? actor.userId : null,
        ...columns,
      };
    }),
  );
  return db().$transaction(async (tx) => {
    await tx.customer.createMany({ data: prepared as unknown as Prisma.CustomerCreateManyInput[] });
    const ids = prepared.map((p) => p.id);
    // A partner sees what it created (and nothing else it was not given).
    if (actor.kind === "partner")
      await tx.partnerCustomer.createMany({
        data: ids.map((customerId) => ({ partnerId: actor.partnerId, customerId })),
      });
    await appendAudit(tx, {
      actor,
      action,
      ...(ids.length === 1
        ? { target: { type: "customer", id: ids[0]! } }
        : { targets: { type: "customer", ids } }),
      fields: FIELD_NAMES.map((field) => ({ field, level: "write" })),
    });
    return ids;
  });
}

/** Changes some fields; unchanged ciphertexts stay as they are. Audited with the changed fields. */
export async function updateCustomer(
  actor: Principal,
  id: unknown,
  input: unknown,
): Promise<{ id: string }> {
  requireCapability(actor, "customers.write");
  const data = parseInput(customerUpdateSchema, input);
  const customerId = asCustomerId(id);
  if (!customerId) throw new AppError("NOT_FOUND", "bad id");
  return audited(
    {
      actor,
      action: "customer.update",
      target: { type: "customer", id: customerId },
      fields: Object.keys(data).map((field) => ({ field, level: "write" })),
    },
    async (tx) => {
      const visible = await tx.customer.count({ where: { id: customerId, ...visibleTo(actor) } });
      const [sealed] = visible ? await unsafeLoadSealed(tx, [customerId], []) : [];
      if (!sealed) throw new AppError("NOT_FOUND", "customer not found");
      const dataKey = await unwrapDataKey(sealed);
      const columns = sealFields(customerId, dataKey, data);
      dataKey.fill(0);
      await tx.customer.update({
        where: { id: customerId },
        data: columns as Prisma.CustomerUpdateInput,
      });
      return { id: customerId };
    },
  );
}
