// Partner administration input: shared by the CLI, the admin screen and the data layer.
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { PARTNER_SCOPES } from "@/lib/policy/capabilities";
import { PARTNER_PROFILES, REVEAL_PURPOSES } from "@/lib/policy/field-policy";

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "Required.")
    .max(max, `Use at most ${max} characters.`)
    .regex(/^[^\u0000-\u001f\u007f<>]*$/, "Remove control characters and angle brackets.");

const PURPOSE_CODES = Object.keys(REVEAL_PURPOSES) as [string, ...string[]];

export const createPartnerSchema = z
  .object({
    name: text(120),
    profile: z.string().refine((p) => PARTNER_PROFILES.includes(p), {
      message: `Use one of: ${PARTNER_PROFILES.join(", ")}.`,
    }),
    scopes: z
      .array(
        z.string().refine((s) => Object.hasOwn(PARTNER_SCOPES, s), {
          message: `Use scopes from: ${Object.keys(PARTNER_SCOPES).join(", ")}.`,
        }),
      )
      .min(1, "Give at least one scope.")
      .max(10),
    purpose: z.enum(PURPOSE_CODES).default("kyc_review"),
    perMinute: z.number().int().min(1).max(10_000).default(60),
    perHour: z.number().int().min(1).max(1_000_000).nullable().default(null),
    perDay: z.number().int().min(1).max(10_000_000).default(10_000),
    ipAllowList: z
      .array(
        z.string().refine((c) => ipaddr.isValidCIDR(c) || ipaddr.isValid(c), {
          message: "Use IP addresses or CIDR ranges, e.g. 203.0.113.0/24.",
        }),
      )
      .max(50)
      .default([]),
    corsOrigins: z
      .array(
        z
          .string()
          .url()
          .refine((o) => {
            const u = new URL(o);
            return u.protocol === "https:" && u.origin === o;
          }, "Use https origins only, e.g. https://app.partner.example."),
      )
      .max(20)
      .default([]),
  })
  .strict();
export type CreatePartnerInput = z.input<typeof createPartnerSchema>;

const lines = (v: unknown) =>
  typeof v === "string"
    ? v
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : v;
const optionalNumber = (v: unknown) => (v === "" || v === undefined ? null : Number(v));

/** The admin screen's form: the same rules, from text boxes (lists one per line or comma). */
export const partnerFormSchema = createPartnerSchema.extend({
  perMinute: z.coerce.number().int().min(1).max(10_000),
  perHour: z.preprocess(optionalNumber, createPartnerSchema.shape.perHour),
  perDay: z.coerce.number().int().min(1).max(10_000_000),
  ipAllowList: z.preprocess(lines, createPartnerSchema.shape.ipAllowList),
  corsOrigins: z.preprocess(lines, createPartnerSchema.shape.corsOrigins),
});

export const partnerTargetSchema = z.object({ partnerId: z.string().uuid("Unknown partner.") });
/** After a rotation the old secret keeps working this long by default, so integrations can roll over. */
export const SECRET_OVERLAP_MINUTES = 60;
export const rotatePartnerSecretSchema = partnerTargetSchema.extend({
  /** How long the old secret (and tokens issued under it) keeps working; 0 ends it now. */
  overlapMinutes: z.number().int().min(0).max(1440).default(SECRET_OVERLAP_MINUTES),
});
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date such as 2026-12-06.");
const customerIds = z
  .array(
    z.string().uuid("Use customer ids as shown in the customer's address, e.g. /customers/<id>."),
  )
  .min(1, "Give at least one customer id.")
  .max(10_000, "Share at most 10,000 chosen customers at a time.");

/** Which customers a sharing change applies to: all, those created in a date range, or chosen ids. */
export const customerSelectionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }).strict(),
  z
    .object({ kind: z.literal("created"), from: isoDay.optional(), to: isoDay.optional() })
    .strict()
    .refine((r) => r.from || r.to, {
      message: "Give a first day, a last day or both.",
      path: ["from"],
    })
    .refine((r) => !r.from || !r.to || r.from <= r.to, {
      message: "The last day is before the first.",
      path: ["to"],
    }),
  z.object({ kind: z.literal("chosen"), ids: customerIds }).strict(),
]);
export type CustomerSelection = z.infer<typeof customerSelectionSchema>;

/** Share customers with a partner, or stop sharing them (what its API calls can see). */
export const partnerSharingSchema = partnerTargetSchema
  .extend({ change: z.enum(["share", "stop"]), customers: customerSelectionSchema })
  .strict();
export type PartnerSharingInput = z.input<typeof partnerSharingSchema>;

type SharingFormValues = {
  change: "share" | "stop";
  kind: CustomerSelection["kind"];
  from: string;
  to: string;
  ids: string;
};

function selectionFromForm(f: SharingFormValues): unknown {
  if (f.kind === "chosen") return { kind: "chosen", ids: lines(f.ids) };
  if (f.kind === "created")
    return { kind: "created", ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
  return { kind: "all" };
}

/**
 * The admin screen's sharing form (chosen ids typed one per line): checked by the same selection
 * schema the data layer uses, its messages put on the form's own fields.
 */
export const partnerSharingFormSchema = z
  .object({
    change: z.enum(["share", "stop"]),
    kind: z.enum(["all", "created", "chosen"]),
    from: z.string().trim(),
    to: z.string().trim(),
    ids: z.string(),
  })
  .superRefine((f, ctx) => {
    const r = customerSelectionSchema.safeParse(selectionFromForm(f));
    if (r.success) return;
    for (const issue of r.error.issues) {
      const field = issue.path[0] === "from" || issue.path[0] === "to" ? issue.path[0] : "ids";
      ctx.addIssue({ code: "custom", message: issue.message, path: [field] });
    }
  })
  .transform((f) => ({
    change: f.change,
    customers: customerSelectionSchema.parse(selectionFromForm(f)),
  }));
export type PartnerSharingFormIn = z.input<typeof partnerSharingFormSchema>;
export type PartnerSharingFormOut = z.output<typeof partnerSharingFormSchema>;

export const setPartnerDisabledSchema = partnerTargetSchema.extend({ disabled: z.boolean() });

/** What the admin screens and the CLI show about a partner (never a secret or its hash). */
export type PartnerRow = {
  id: string;
  name: string;
  clientId: string;
  profile: string;
  scopes: string[];
  purpose: string;
  perMinute: number;
  perHour: number | null;
  perDay: number;
  ipAllowList: string[];
  corsOrigins: string[];
  disabled: boolean;
  createdAt: string;
  /** How many customers it can see (shared with it): 0 means every API list is empty. */
  sharedCount: number;
};
