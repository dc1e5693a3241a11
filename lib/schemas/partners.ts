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
/** Share customers with a partner: listed ids, or every customer there is. */
export const sharePartnerCustomersSchema = partnerTargetSchema.extend({
  customers: z.union([
    z.literal("all"),
    z.array(z.string().uuid("Unknown customer.")).min(1).max(10_000),
  ]),
});
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
};
