// How long Veil keeps each kind of record, and what happens after: one table, read by the
// retention run (`veil retention:run`) and published on /privacy, so the two cannot drift.
import { env } from "@/lib/env";

export type RetentionRuleId =
  "customers" | "audit" | "sign_ins" | "reveal_requests" | "refresh_tokens";

export type RetentionRule = {
  id: RetentionRuleId;
  /** The records, in the words of the records of processing. */
  records: string;
  /** Kept this many days after `from`. */
  days: number;
  /** What the clock runs from. */
  from: string;
  /** What happens to a record once its time is up. */
  then: string;
};

const DAY = 86_400_000;
const years = (n: number) => Math.round(n * 365.25);

export function retentionRules(e = env()): RetentionRule[] {
  return [
    {
      id: "customers",
      records: "Customer records",
      days: years(e.VEIL_RETENTION_CUSTOMER_YEARS),
      from: "the record's last change",
      then: "erased: its data key and every encrypted field deleted (crypto-shredding); only the id stays in the audit trail",
    },
    {
      id: "audit",
      records: "Audit events",
      days: years(e.VEIL_RETENTION_AUDIT_YEARS),
      from: "the event",
      then: "moved unchanged to the audit archive behind a signed checkpoint, with a count per action",
    },
    {
      id: "sign_ins",
      records: "Staff sign-in history",
      days: e.VEIL_RETENTION_SIGN_IN_DAYS,
      from: "the sign-in",
      then: "deleted",
    },
    {
      id: "reveal_requests",
      records: "Four-eyes reveal requests",
      days: 90,
      from: "the request",
      then: "deleted (the audit trail keeps who asked, who decided and why)",
    },
    {
      id: "refresh_tokens",
      records: "Partner refresh tokens (hashes)",
      days: 30,
      from: "the token's expiry",
      then: "deleted",
    },
  ];
}

/** The moment before which a rule's records are due, as of `now`. */
export function cutoff(rule: RetentionRule, now: Date): Date {
  return new Date(now.getTime() - rule.days * DAY);
}

/** "6 years", "1 year", "90 days": how /privacy and the CLI say a period. */
export function periodLabel(days: number): string {
  const n = Math.round(days / 365.25);
  if (n >= 1 && years(n) === days) return n === 1 ? "1 year" : `${n} years`;
  return `${days} days`;
}
