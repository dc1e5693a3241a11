import "server-only";
import { encryptedColumns, type EncryptedColumn } from "@/lib/fields/catalogue";
import { Prisma } from "@/lib/generated/prisma/client";
import { auditInStatement, type AuditInput } from "@/lib/server/audit/append";
import { autocommit, driverRows } from "@/lib/server/db";
import { plainColumns } from "./masked-page";
import type { CustomerPlainColumns } from "./masked-view";

// A page of customers read and audited in one statement. The read cannot happen without its audit
// row: a data-modifying CTE runs to completion whether or not the query reads it, in the same
// statement, so if the insert fails nothing is returned, and the statement commits (the audit row
// durable) before its rows reach this process. It runs on the driver directly, prepared: it is
// every list page. The data keys are not read with it: a warm page's rows are masked from memory
// (./masked-row-cache), and `mask` reads the keys of the others (one more round trip, cold only).

/** Columns a page may name: the clear ones and the ciphertexts (identifiers from the catalogue). */
const READABLE = new Set([...Object.keys(plainColumns), ...Object.values(encryptedColumns())]);

function columnList(ciphertexts: readonly string[]): Prisma.Sql {
  const names = [...Object.keys(plainColumns), ...ciphertexts];
  for (const n of names) if (!READABLE.has(n)) throw new Error(`not a readable column: ${n}`);
  return Prisma.raw(names.map((n) => `c."${n}"`).join(", "));
}

type PageRow = CustomerPlainColumns & Partial<Record<EncryptedColumn, Uint8Array>>;

export type AuditedPage<T> = {
  rows: PageRow[];
  /** What `mask` made of the rows. */
  masked: T;
  /** Whether a row follows this page (one more row is read to know; it is not served). */
  more: boolean;
  /** Every row `where` matches (when asked for), counted in the same snapshot. */
  total: number | null;
};

/**
 * unsafe: the rows carry ciphertexts; `mask` turns them into what may leave. `where` and
 * `orderBy` speak of the customer table as `c`. The audit row's targets are the rows read, in
 * order; at most 100 per page (the key accessor's budget per transaction, which `mask` may
 * spend). `mask` runs on rows whose audit row is already durable.
 */
export async function unsafeReadAuditedPage<T>(opts: {
  where: Prisma.Sql;
  orderBy: Prisma.Sql;
  limit: number;
  offset?: number;
  ciphertexts: readonly string[];
  audit: AuditInput<"customer.list">;
  withTotal?: boolean;
  mask: (rows: PageRow[]) => Promise<T>;
}): Promise<AuditedPage<T>> {
  const audit = auditInStatement(
    opts.audit,
    Prisma.sql`ARRAY(SELECT p."id"::varchar FROM page p WHERE p.rn <= ${opts.limit} ORDER BY p.rn)`,
  );
  const total = opts.withTotal
    ? Prisma.sql`(SELECT count(*) FROM "Customer" c WHERE ${opts.where})::int`
    : Prisma.sql`NULL::int`;
  // `head` is one row whatever the page holds, so the total comes back with an empty page too.
  const rows = await driverRows<PageRow & { rn: number | null; total: number | null }>(
    Prisma.sql`
    WITH page AS (
      SELECT c.*, (row_number() OVER (ORDER BY ${opts.orderBy}))::int AS rn
      FROM (SELECT ${columnList(opts.ciphertexts)} FROM "Customer" c WHERE ${opts.where}
            ORDER BY ${opts.orderBy} LIMIT ${opts.limit + 1} OFFSET ${opts.offset ?? 0}) c),
    audit AS (${audit.sql}),
    head AS (SELECT ${total} AS total)
    SELECT h.total, p.*
    FROM head h
    LEFT JOIN page p ON TRUE
    ORDER BY p.rn`,
    { prepared: true },
  );
  // The rows as the driver made them (their `rn` and `total` ride along unread: no copies).
  const served: PageRow[] = rows.filter((r) => r.rn !== null && r.rn <= opts.limit);
  const result: AuditedPage<T> = {
    rows: served,
    masked: await opts.mask(served),
    more: rows.some((r) => r.rn !== null && r.rn > opts.limit),
    total: rows[0]?.total ?? null,
  };
  await audit.complete(
    autocommit(),
    result.rows.map((r) => r.id),
  );
  return result;
}
