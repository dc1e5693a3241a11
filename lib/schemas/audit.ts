// The audit viewer's filters (URL query of /admin/audit, and its export): ids and codes only,
// never a person's name or email, so a filtered view's URL carries no personal data.
import { z } from "zod";
import { FIELD_NAMES } from "@/lib/fields/catalogue";

export const AUDIT_OUTCOMES = ["success", "denied", "failure"] as const;
export const AUDIT_PAGE_SIZE = 50;
const MAX_RANGE_DAYS = 366;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const optional = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

/** A date from a date input (YYYY-MM-DD, read as UTC) or a full ISO timestamp. */
const when = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "Give days as year-month-day, e.g. 2026-12-06.",
});

const auditFilters = z
  .object({
    actor: optional(z.string().trim().toLowerCase().uuid("Choose an actor from the list.")),
    partner: optional(z.string().trim().toLowerCase().uuid("Choose a partner from the list.")),
    customer: optional(
      z.string().trim().toLowerCase().uuid("Use a customer id (from the customer's page)."),
    ),
    action: optional(
      z
        .string()
        .trim()
        .regex(/^[a-z0-9_.]{2,64}$/, "Choose an action from the list."),
    ),
    field: optional(z.enum(FIELD_NAMES as [string, ...string[]], "Choose a field from the list.")),
    purpose: optional(
      z
        .string()
        .trim()
        .max(64)
        .regex(/^[A-Za-z0-9 _:-]+$/, "Use a purpose code or case reference."),
    ),
    outcome: optional(z.enum(AUDIT_OUTCOMES, "Choose an outcome from the list.")),
    from: optional(when),
    to: optional(when),
    cursor: optional(
      z
        .string()
        .max(200)
        .regex(/^[A-Za-z0-9_-]+$/, "Invalid page."),
    ),
  })
  .strict();

function sensibleRange(q: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  const from = q.from ? Date.parse(q.from) : null;
  const to = q.to ? Date.parse(q.to) : null;
  if (from !== null && to !== null && from > to)
    ctx.addIssue({ code: "custom", path: ["to"], message: "The end is before the start." });
  if (from !== null && to !== null && to - from > MAX_RANGE_DAYS * 86_400_000)
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `Choose a range of at most ${MAX_RANGE_DAYS} days.`,
    });
}

export const auditQuerySchema = auditFilters.superRefine(sensibleRange);
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** The export takes the same filters (no cursor: it streams the whole filtered set) and a format. */
export const auditExportSchema = auditFilters
  .omit({ cursor: true })
  .extend({ format: z.enum(["csv", "json"]).default("csv") })
  .superRefine(sensibleRange);
export type AuditExportQuery = z.output<typeof auditExportSchema>;

/** One audit row as the viewer shows it: who, what, which record and fields, why — no values. */
export type AuditRow = {
  id: string;
  /** What people read for `action` (the audit catalogue's label). */
  actionLabel: string;
  seq: string | null;
  at: string;
  actorType: string;
  actorId: string | null;
  /** The actor's display name (staff name or partner name), looked up at read time. */
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetCount: number;
  fields: { field: string; level: string }[];
  purpose: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
};

/** One day of the audit page's activity chart. */
export type ActivityDay = {
  day: string;
  reads: number;
  reveals: number;
  searches: number;
  failedSignIns: number;
};
