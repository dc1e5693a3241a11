import { z } from "zod";

// The rate rules' thresholds: their labels, defaults and bounds, and the schema a change must
// pass — the same in the admin form (inline messages) and on the server (the rule).

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

/** A change to some thresholds: whole numbers within bounds, working hours ending after they start. */
export const thresholdUpdateSchema = z
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
