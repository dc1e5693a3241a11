import "server-only";
import { THRESHOLDS, type ThresholdName } from "@/lib/schemas/alert-thresholds";
import type { Tx } from "@/lib/server/db";

// The numbers the rate rules compare against: defaults here, an admin's changes in AlertSetting.
// Read through a short per-process cache (30 s) because every audited action consults them.

export { THRESHOLDS, type ThresholdName } from "@/lib/schemas/alert-thresholds";
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
