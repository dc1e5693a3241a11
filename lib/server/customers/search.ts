import "server-only";
import {
  CUSTOMER_FIELDS,
  INDEXED_FIELDS,
  type FieldEntry,
  type IndexedField,
} from "@/lib/fields/catalogue";
import {
  maySearchBy,
  policySubject,
  SEARCH_MODES,
  type SearchMode,
} from "@/lib/policy/field-policy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { customerSearchSchema, type ParsedCustomerSearch } from "@/lib/schemas/customers";
import { EXACT_SEARCH_ACTIONS } from "@/lib/server/audit/catalogue";
import type { Principal } from "@/lib/server/auth/principal";
import { blindIndex, blindIndexOfToken, namePrefixIndex } from "@/lib/server/crypto/blind-index";
import type { Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";

/** The blind-index column of an indexed field (the catalogue's `blindIndex`). */
const indexColumn = (field: IndexedField) =>
  (CUSTOMER_FIELDS[field] as FieldEntry).blindIndex as keyof Prisma.CustomerWhereInput;

// How customers are looked up: which search modes a viewer may use, how each becomes a query on
// blind or prefix indexes (never on a value), and the hourly budget for exact searches.

export function searchWhere(s: ParsedCustomerSearch | null): Prisma.CustomerWhereInput {
  if (!s) return {};
  switch (s.by) {
    case "name":
      // Every typed word must start some word of the name ("zeb qua" finds Zebulon Quackenbush).
      return {
        nameIdx: {
          hasEvery: s.value
            .split(/\s+/)
            .filter((w) => w.length >= 2)
            .map(namePrefixIndex),
        },
      };
    case "token": {
      // A token is a blind index under a keyed permutation; each index embeds its field name.
      const idx = blindIndexOfToken(s.value) ?? "";
      return { OR: INDEXED_FIELDS.map((f) => ({ [indexColumn(f)]: idx })) };
    }
    default:
      return { [indexColumn(s.by)]: blindIndex(s.by, s.value) };
  }
}

/** The search modes this viewer may use (the UI offers exactly these). */
export function searchModesFor(actor: Principal): SearchMode[] {
  const subject = policySubject(actor);
  return SEARCH_MODES.filter((m) => maySearchBy(subject, m));
}

/** Parses the search and checks that this viewer may search that way (deny by default). */
export function authorizedSearch(actor: Principal, subject: string, search: unknown) {
  if (!search) return null;
  const s = parseInput(customerSearchSchema, search);
  if (!maySearchBy(subject, s.by))
    throw new AppError(
      "FORBIDDEN",
      `search by ${s.by} not allowed for ${subject}`,
      "Your role cannot search that way.",
    );
  return s;
}

/**
 * Exact searches left for this user in the last hour. Counted from the audit trail under the
 * chain lock, so concurrent searches cannot race past the budget.
 */
export async function exactSearchesUsed(tx: Tx, userId: string) {
  return tx.auditEvent.count({
    where: {
      actorType: "user",
      actorId: userId,
      action: { in: [...EXACT_SEARCH_ACTIONS] },
      outcome: "success",
      at: { gte: new Date(Date.now() - 3600_000) },
    },
  });
}
