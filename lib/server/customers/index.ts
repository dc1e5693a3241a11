import "server-only";
import { limit } from "@/lib/policy/limits";
import { randomUUID } from "node:crypto";
import { FIELD_NAMES, LIST_FIELDS } from "@/lib/fields/catalogue";
import { Prisma } from "@/lib/generated/prisma/client";
import { EXACT_SEARCH_MODES, policySubject } from "@/lib/policy/field-policy";
import {
  customerIdSchema,
  customerInputSchema,
  customerUpdateSchema,
  listCustomersSchema,
  type CustomerInput,
  type CustomerRow,
  type MaskedCustomer,
} from "@/lib/schemas/customers";
import { appendAudit, audited, serialiseFor } from "@/lib/server/audit/append";
import { SEARCH_ACTION } from "@/lib/server/audit/catalogue";
import { requireCapability, type Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { unsafeReadAuditedPage } from "./audited-page";
import {
  newWrappedDataKey,
  sealFields,
  unsafeCiphertextColumns,
  unsafeLoadSealed,
  unwrapDataKey,
} from "./ciphertexts";
import { maskedViewColumns, maskRows, maskSealedRows, plainColumns } from "./masked-page";
import { fieldLevels, fieldsToOpen } from "./masked-view";
import { authorizedSearch, exactSearchesUsed, searchWhere } from "./search";
import { visibleTo, visibleToSql } from "./visibility";

/** Ids come from URLs and forms: anything that is not a UUID is simply not found. */
export function asCustomerId(id: unknown): string | null {
  const parsed = customerIdSchema.safeParse(id);
  return parsed.success ? parsed.data : null;
}

export { maskedViewColumns, maskRows, plainColumns };

/**
 * A page of customers, masked for the viewer. Exact searches go through blind indexes (the
 * search value is never stored, logged or put in a URL); one audit row records the page read.
 */
export { searchModesFor } from "./search";

export async function listCustomers(
  actor: Principal,
  query: unknown,
): Promise<{ rows: CustomerRow[]; total: number; page: number; pageSize: number }> {
  requireCapability(actor, "customers.read");
  const { page, pageSize, search: rawSearch } = parseInput(listCustomersSchema, query);
  const subject = policySubject(actor);
  const search = authorizedSearch(actor, subject, rawSearch);
  const { total, masked } = search
    ? await searchPage(actor, subject, search, page, pageSize)
    : await plainPage(actor, subject, page, pageSize);
  return {
    rows: masked.map((m) => ({
      id: m.id,
      createdAt: m.createdAt,
      fields: {
        fullName: m.fields.fullName,
        email: m.fields.email,
        pan: m.fields.pan,
        address: m.fields.address,
      },
    })),
    total,
    page,
    pageSize,
  };
}

/** The plain list (no search): page, keys and audit row in one statement (`audited-page.ts`). */
async function plainPage(actor: Principal, subject: string, page: number, pageSize: number) {
  const { masked, total } = await unsafeReadAuditedPage({
    where: visibleToSql(actor),
    orderBy: Prisma.sql`c."createdAt" DESC, c."id" ASC`,
    limit: pageSize,
    offset: (page - 1) * pageSize,
    ciphertexts: Object.keys(unsafeCiphertextColumns(fieldsToOpen(subject, LIST_FIELDS))),
    audit: {
      actor,
      action: "customer.list",
      targets: { type: "customer", ids: [] },
      fields: fieldLevels(subject, LIST_FIELDS),
    },
    withTotal: true,
    mask: (rows) => maskSealedRows(subject, rows, LIST_FIELDS),
  });
  return { total: total ?? 0, masked };
}

/** A search: its budget, count, page and audit (a search event, hit or miss) in one transaction. */
async function searchPage(
  actor: Principal,
  subject: string,
  search: NonNullable<ReturnType<typeof authorizedSearch>>,
  page: number,
  pageSize: number,
) {
  const where = { AND: [visibleTo(actor), searchWhere(search)] };
  const budgeted = EXACT_SEARCH_MODES.includes(search.by) && actor.kind === "user";
  const budget = limit("exactSearches").count;
  // Read, decrypt, mask and audit in one transaction: no read without its audit row.
  const outcome = await db().$transaction(async (tx) => {
    if (budgeted && actor.kind === "user") {
      await serialiseFor(tx, `exact-search-budget:${actor.userId}`);
      if ((await exactSearchesUsed(tx, actor.userId)) >= budget) {
        // The alert rule raises one alert per user and hour for these refusals.
        await appendAudit(tx, {
          actor,
          action: SEARCH_ACTION(search.by),
          fields: [{ field: search.by, level: "exact_search" }],
          detail: { result: "over_budget" },
          outcome: "denied",
        });
        return null;
      }
    }
    const total = await tx.customer.count({ where });
    const rows = await tx.customer.findMany({
      where,
      select: maskedViewColumns(subject, LIST_FIELDS),
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const masked = await maskRows(tx, subject, rows, LIST_FIELDS);
    // A search is recorded as a search: which way, and whether it hit; never the value.
    await appendAudit(tx, {
      actor,
      targets: { type: "customer", ids: rows.map((r) => r.id) },
      fields: fieldLevels(subject, LIST_FIELDS),
      action: SEARCH_ACTION(search.by),
      detail: { result: total > 0 ? "hit" : "miss" },
    });
    return { total, masked };
  });
  if (!outcome)
    throw new AppError(
      "RATE_LIMITED",
      "exact search budget exceeded",
      `You have used this hour's ${budget} exact searches. An administrator has been alerted.`,
    );
  return outcome;
}

/** One customer, masked for the viewer; a miss (or an invalid id) is NOT_FOUND. Audited. */
export async function getCustomer(actor: Principal, id: unknown): Promise<MaskedCustomer> {
  requireCapability(actor, "customers.read");
  const customerId = asCustomerId(id);
  const subject = policySubject(actor);
  return db().$transaction(async (tx) => {
    const row = customerId
      ? await tx.customer.findFirst({
          where: { id: customerId, ...visibleTo(actor) },
          select: maskedViewColumns(subject, FIELD_NAMES),
        })
      : null;
    if (!row) throw new AppError("NOT_FOUND", "customer not found");
    const [customer] = await maskRows(tx, subject, [row], FIELD_NAMES);
    await appendAudit(tx, {
      actor,
      action: "customer.read",
      target: { type: "customer", id: row.id },
      fields: fieldLevels(subject),
    });
    return customer!;
  });
}

/** Creates a customer: a fresh data key, every field encrypted, indexes computed. Audited. */
export async function createCustomer(actor: Principal, input: unknown): Promise<{ id: string }> {
  requireCapability(actor, "customers.write");
  const data = parseInput(customerInputSchema, input);
  return insertCustomers(actor, [data]).then(([id]) => ({ id: id! }));
}

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
