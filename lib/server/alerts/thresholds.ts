import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/server/audit/append";
import { requireStepUp, requireUserCapability, type Principal } from "@/lib/server/auth/principal";
import { db, type Tx } from "@/lib/server/db";
import { parseInput } from "@/lib/server/validation";

// The numbers the rate rules compare against: defaults here, an admin's changes in AlertSetting.
// Read through a short per-process cache (30 s) because every audited action consults them.

export const THRESHOLDS = {
  failedSignInsPerAccount: {
    label: "Failed sign-ins on one account",
    default: 5,
    min: 2,
    max: 1000,
  },
  failedSignInsPerAddress: {
    label: "Failed sign-ins from one address",
    default: 20,
    min: 2,
    max: 100_000,
  },
  failedSignInMinutes: { label: "Failed sign-in window (minutes)", default: 10, min: 1, max: 1440 },
  revealsPerWindow: { label: "Reveals by one officer", default: 5, min: 1, max: 1000 },
  revealMinutes: { label: "Reveal window (minutes)", default: 10, min: 1, max: 1440 },
  recordsReadPerWindow: {
    label: "Records read by one user or partner",
    default: 1000,
    min: 10,
    max: 10_000_000,
  },
  recordsReadMinutes: { label: "Records read window (minutes)", default: 10, min: 1, max: 1440 },
  exactSearchesPerWindow: { label: "Exact searches by one user", default: 10, min: 2, max: 10_000 },
  exactSearchMinutes: { label: "Exact search window (minutes)", default: 5, min: 1, max: 1440 },
  partnerRefusalsPerWindow: {
    label: "Refused partner calls (401/429) from one source",
    default: 30,
    min: 2,
    max: 100_000,
  },
  partnerRefusalMinutes: {
    label: "Partner refusal window (minutes)",
    default: 10,
    min: 1,
    max: 1440,
  },
  workdayStartHourUtc: { label: "Working hours start (UTC hour)", default: 7, min: 0, max: 23 },
  workdayEndHourUtc: { label: "Working hours end (UTC hour)", default: 19, min: 1, max: 24 },
} as const;
export type ThresholdName = keyof typeof THRESHOLDS;
export type Thresholds = Record<ThresholdName, number>;

const defaults = () =>
  Object.fromEntries(Object.entries(THRESHOLDS).map(([k, v]) => [k, v.default])) as Thresholds;

const CACHE_MS = 30_000;
const KEY = Symbol.for("veil.alertThresholds");
type Cache = { at: number; values: Thresholds };
const cache = () => globalThis as { [KEY]?: Cache };

/** The thresholds in force (defaults overlaid with what admins set), cached for 30 s. */
export async function thresholds(tx: Tx): Promise<Thresholds> {
  const c = cache()[KEY];
  if (c && Date.now() - c.at < CACHE_MS) return c.values;
  const values = defaults();
  for (const row of await tx.alertSetting.findMany())
    if (Object.hasOwn(THRESHOLDS, row.key)) values[row.key as ThresholdName] = row.value;
  cache()[KEY] = { at: Date.now(), values };
  return values;
}

const updateSchema = z
  .object(
    Object.fromEntries(
      Object.entries(THRESHOLDS).map(([k, t]) => [
        k,
        z.coerce
          .number()
          .int("Use a whole number.")
          .min(t.min, `At least ${t.min}.`)
          .max(t.max, `At most ${t.max}.`)
          .optional(),
      ]),
    ) as Record<ThresholdName, z.ZodOptional<z.ZodCoercedNumber>>,
  )
  .strict()
  .refine(
    (v) =>
      (v.workdayStartHourUtc ?? THRESHOLDS.workdayStartHourUtc.default) <
      (v.workdayEndHourUtc ?? THRESHOLDS.workdayEndHourUtc.default),
    { path: ["workdayEndHourUtc"], message: "Working hours must end after they start." },
  );

/** An admin changes thresholds (step-up; audited with the names and new values). */
export async function updateThresholds(actor: Principal, input: unknown) {
  requireUserCapability(actor, "alerts.manage");
  requireStepUp(actor);
  const changes = parseInput(updateSchema, input);
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined) as [
    ThresholdName,
    number,
  ][];
  await db().$transaction(async (tx) => {
    for (const [key, value] of entries)
      await tx.alertSetting.upsert({
        where: { key },
        create: { key, value, updatedBy: actor.userId },
        update: { value, updatedBy: actor.userId },
      });
    await appendAudit(tx, {
      actor,
      action: "alert.settings_change",
      detail: { changed: Object.fromEntries(entries) },
    });
  });
  delete cache()[KEY];
  return { changed: entries.length };
}

/** For the settings form: every threshold with its label, bounds and value in force. */
export async function thresholdSettings(actor: Principal) {
  requireUserCapability(actor, "alerts.manage");
  const values = await db().$transaction((tx) => thresholds(tx));
  return (Object.keys(THRESHOLDS) as ThresholdName[]).map((name) => ({
    name,
    ...THRESHOLDS[name],
    value: values[name],
  }));
}
