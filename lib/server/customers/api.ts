import "server-only";
import { FIELD_NAMES } from "@/lib/fields/catalogue";
import { policySubject } from "@/lib/policy/field-policy";
import type { MaskedCustomer } from "@/lib/schemas/customers";
import { apiListQuerySchema, type ApiCustomer } from "@/lib/schemas/partner-api";
import { requiring, type Principal } from "@/lib/server/auth/principal";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { asCustomerId } from "./ids";
import { Prisma } from "@/lib/generated/prisma/client";
import { unsafeReadAuditedPage } from "./audited-page";
import { unsafeCiphertextColumns } from "./ciphertexts";
import { maskRows } from "./masked-page";
import { autocommit } from "@/lib/server/db";
import { fieldLevels, fieldsToOpen } from "./masked-view";
import { visibleToSql } from "./visibility";

const TRUE = Prisma.sql`TRUE`;

// Customers as the versioned API serves them: keyset (cursor) pages, and the masked view with
// hidden fields left out entirely rather than sent as nulls.

/** The wire shape: only the fields the caller's profile shows, already masked. */
export function toApiCustomer(m: MaskedCustomer): ApiCustomer {
  const fields: Record<string, string> = {};
  for (const name in m.fields) {
    const v = m.fields[name as keyof MaskedCustomer["fields"]];
    if (v.level !== "hidden" && v.value !== null) fields[name] = v.value;
  }
  return { id: m.id, createdAt: m.createdAt, updatedAt: m.updatedAt, fields };
}

type Position = { createdAt: Date; id: string };

const encodeCursor = (p: Position) =>
  Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString("base64url");

function decodeCursor(cursor: string): Position {
  try {
    const [at, rawId] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    const id = asCustomerId(rawId);
    if (typeof at === "string" && !Number.isNaN(createdAt.getTime()) && id)
      return { createdAt, id };
  } catch {
    /* falls through to the generic refusal */
  }
  throw new AppError("VALIDATION", "bad cursor", "Use the nextCursor value of the previous page.", [
    { path: "query.cursor", message: "Use the nextCursor value of the previous page." },
  ]);
}

/** Newest first; a page continues strictly after the previous page's last row. */
export const listCustomersPage = requiring(
  "customers.read",
  async function listCustomersPage(
    actor: Principal,
    query: unknown,
  ): Promise<{ data: ApiCustomer[]; nextCursor: string | null }> {
    const { limit, cursor } = parseInput(apiListQuerySchema, query);
    const after = cursor ? decodeCursor(cursor) : null;
    const subject = policySubject(actor);
    // One statement reads the page with its keys and appends the audit row naming those rows.
    const { rows, masked, more } = await unsafeReadAuditedPage({
      where: Prisma.sql`${visibleToSql(actor)} AND ${
        after ? Prisma.sql`(c."createdAt", c."id") < (${after.createdAt}, ${after.id}::uuid)` : TRUE
      }`,
      orderBy: Prisma.sql`c."createdAt" DESC, c."id" DESC`,
      limit,
      ciphertexts: Object.keys(unsafeCiphertextColumns(fieldsToOpen(subject, FIELD_NAMES))),
      audit: {
        actor,
        action: "customer.list",
        targets: { type: "customer", ids: [] },
        fields: fieldLevels(subject),
      },
      mask: (page) => maskRows(autocommit(), subject, page, FIELD_NAMES),
    });
    const last = rows.at(-1);
    return {
      data: masked.map(toApiCustomer),
      nextCursor: more && last ? encodeCursor(last) : null,
    };
  },
);
