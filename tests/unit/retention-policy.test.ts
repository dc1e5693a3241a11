import { describe, expect, it } from "vitest";
import { cutoff, periodLabel, retentionRules } from "@/lib/policy/retention";

const config = {
  VEIL_RETENTION_CUSTOMER_YEARS: 6,
  VEIL_RETENTION_AUDIT_YEARS: 7,
  VEIL_RETENTION_SIGN_IN_DAYS: 365,
} as Parameters<typeof retentionRules>[0];

describe("the retention policy", () => {
  it("has one rule per record type, with the configured periods", () => {
    const rules = Object.fromEntries(retentionRules(config).map((r) => [r.id, r]));
    expect(Object.keys(rules)).toEqual([
      "customers",
      "audit",
      "sign_ins",
      "reveal_requests",
      "refresh_tokens",
    ]);
    expect(periodLabel(rules.customers!.days)).toBe("6 years");
    expect(periodLabel(rules.audit!.days)).toBe("7 years");
    expect(periodLabel(rules.sign_ins!.days)).toBe("1 year");
    expect(periodLabel(rules.reveal_requests!.days)).toBe("90 days");
  });

  it("puts the cut-off that many days before now", () => {
    const now = new Date("2026-11-23T00:00:00Z");
    const rule = retentionRules(config).find((r) => r.id === "sign_ins")!;
    expect(cutoff(rule, now).toISOString()).toBe("2025-11-23T00:00:00.000Z");
  });
});
