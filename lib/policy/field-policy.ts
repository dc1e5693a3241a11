import { INDEXED_FIELDS, REVEALABLE_FIELDS } from "@/lib/fields/catalogue";
// Policy as data: who sees each field at which level. Anything not listed — an unknown role,
// profile or field — is `hidden` (deny by default).
import type { CustomerFieldName, IndexedField } from "@/lib/fields/catalogue";
import type { Level } from "@/lib/masking/levels";
import type { Principal } from "./principal";

/** The policy row a principal reads with. Anything else maps to a subject no row matches. */
export function policySubject(p: Principal): string {
  if (p.kind === "user") return `role:${p.role}`;
  if (p.kind === "partner") return `partner:${p.profile}`;
  return "none";
}

type Row = Partial<Record<CustomerFieldName, Level>>;

const AGENT: Row = {
  fullName: "plain", // support staff address customers by name; the name is not a canary field
  email: "partial",
  phone: "partial",
  dateOfBirth: "partial",
  nationalId: "last4",
  pan: "last4",
  iban: "partial",
  address: "partial",
};

export const POLICY: Readonly<Record<string, Row>> = Object.freeze({
  "role:AGENT": AGENT,
  "role:OFFICER": AGENT, // same view; officers may additionally *reveal* (below)
  "role:ADMIN": AGENT,
  // Partner redaction profiles: rows of the same table. `basic` (e.g. a card processor) sees
  // enough to match a customer; `kyc` (an identity provider) sees identity data in full.
  "partner:basic": {
    fullName: "partial",
    email: "partial",
    pan: "last4",
    address: "generalised",
  },
  "partner:kyc": {
    fullName: "plain",
    dateOfBirth: "plain",
    nationalId: "plain",
    address: "plain",
    email: "partial",
    phone: "partial",
  },
  "role:ANALYST": {
    fullName: "token",
    email: "token",
    phone: "token",
    dateOfBirth: "generalised",
    nationalId: "token",
    pan: "token",
    iban: "token",
    address: "generalised",
  },
});

/** Who may ask for a field in full (an audited, budgeted reveal with a stated purpose). */
export const REVEAL_RIGHTS: Readonly<Record<string, readonly CustomerFieldName[]>> = Object.freeze({
  "role:OFFICER": REVEALABLE_FIELDS, // every field the catalogue marks revealable
});

export function levelFor(subject: string, field: string): Level {
  const row = Object.hasOwn(POLICY, subject) ? POLICY[subject] : undefined;
  return (
    (row && Object.hasOwn(row, field) ? row[field as CustomerFieldName] : undefined) ?? "hidden"
  );
}

export function mayReveal(subject: string, field: string): boolean {
  return (
    Object.hasOwn(REVEAL_RIGHTS, subject) &&
    (REVEAL_RIGHTS[subject] as readonly string[]).includes(field)
  );
}

export const REVEAL_PURPOSES = {
  fraud_investigation: "Fraud investigation",
  chargeback: "Chargeback or dispute",
  kyc_review: "KYC / AML review",
  customer_request: "Customer request (verified)",
  legal_request: "Legal or regulatory request",
} as const;
export type RevealPurpose = keyof typeof REVEAL_PURPOSES;

/** Ways to look a customer up. `token` finds the record behind an analyst's pseudonym. */
// Every field with a search index (the catalogue's `blindIndex`) is an exact search mode.
export type SearchMode = "name" | IndexedField | "token";
export const SEARCH_MODES: readonly [SearchMode, ...SearchMode[]] = [
  "name",
  ...INDEXED_FIELDS,
  "token",
];

/**
 * Exact searches on identifiers: each is an oracle ("is this the card number?"), so they are
 * budgeted per user and hour and audited as searches. Agents may search by full card number — a
 * customer reading it out on the phone is the everyday case — within that budget.
 */
export const EXACT_SEARCH_MODES: readonly SearchMode[] = INDEXED_FIELDS;

const IDENTIFIER_SEARCH: readonly SearchMode[] = ["name", ...EXACT_SEARCH_MODES];

/** Who may search how. Analysts see no identifiers, so they may not search by one either. */
export const SEARCH_RIGHTS: Readonly<Record<string, readonly SearchMode[]>> = Object.freeze({
  "role:AGENT": IDENTIFIER_SEARCH,
  "role:OFFICER": IDENTIFIER_SEARCH,
  "role:ADMIN": IDENTIFIER_SEARCH,
  "role:ANALYST": ["token"],
});

export function maySearchBy(subject: string, mode: string): boolean {
  return (
    Object.hasOwn(SEARCH_RIGHTS, subject) &&
    (SEARCH_RIGHTS[subject] as readonly string[]).includes(mode)
  );
}

/** The partner redaction profiles the policy table defines (`partner:<name>` rows). */
export const PARTNER_PROFILES = Object.keys(POLICY)
  .filter((k) => k.startsWith("partner:"))
  .map((k) => k.slice("partner:".length));
