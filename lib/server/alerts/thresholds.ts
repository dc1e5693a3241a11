import "server-only";
import type { Tx } from "@/lib/server/db";

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

/** After an admin changed them: the next read in this process sees the new values. */
export function forgetThresholds() {
  delete cache()[KEY];
}
