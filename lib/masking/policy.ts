// Policy as data: who sees each field at which level. Anything not listed — an unknown role,
// profile or field — is `hidden` (deny by default).
import type { SensitiveField } from "./fields";
import type { Level } from "./levels";

export type PolicySubject =
  `role:${"AGENT" | "OFFICER" | "ANALYST" | "ADMIN"}` | `partner:${string}`;

type Row = Partial<Record<SensitiveField, Level>>;

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
export const REVEAL_RIGHTS: Readonly<Record<string, readonly SensitiveField[]>> = Object.freeze({
  "role:OFFICER": ["email", "phone", "dateOfBirth", "nationalId", "pan", "iban", "address"],
});

/** Full card numbers need a second officer's approval before the reveal (four-eyes). */
export const FOUR_EYES_FIELDS: readonly SensitiveField[] = ["pan"];

export function levelFor(subject: string, field: string): Level {
  const row = Object.hasOwn(POLICY, subject) ? POLICY[subject] : undefined;
  return (row && Object.hasOwn(row, field) ? row[field as SensitiveField] : undefined) ?? "hidden";
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
