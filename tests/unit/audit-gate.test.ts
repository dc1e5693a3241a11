import { describe, expect, it } from "vitest";
import { judgeAudit, type AuditReport } from "../../scripts/lib/audit-gate";

// The shape `npm audit --json` (report version 2) prints: one entry per vulnerable package, its
// own advisories as objects in `via`, packages that merely depend on it as strings.
const report: AuditReport = {
  vulnerabilities: {
    "left-pad": {
      name: "left-pad",
      severity: "high",
      via: [
        {
          name: "left-pad",
          title: "Prototype pollution",
          url: "https://github.com/advisories/GHSA-aaaa-bbbb-cccc",
          severity: "high",
        },
      ],
    },
    "uses-left-pad": { name: "uses-left-pad", severity: "high", via: ["left-pad"] },
    "slow-regex": {
      name: "slow-regex",
      severity: "moderate",
      via: [{ name: "slow-regex", title: "ReDoS", url: "https://x/GHSA-m", severity: "moderate" }],
    },
  },
};
const accept = (reviewBy: string) => ({
  url: "https://github.com/advisories/GHSA-aaaa-bbbb-cccc",
  package: "left-pad",
  reason: "Veil never passes user input to it.",
  reviewBy,
});
const today = new Date("2026-12-01");

describe("npm audit gate", () => {
  it("fails on a high advisory in a production dependency, naming it once", () => {
    const v = judgeAudit(report, [], today);
    expect(v).toEqual({
      kind: "fail",
      blocking: [
        {
          package: "left-pad",
          title: "Prototype pollution",
          url: "https://github.com/advisories/GHSA-aaaa-bbbb-cccc",
          severity: "high",
        },
      ],
    });
  });

  it("passes an advisory accepted in the allow-list until its review date, then fails again", () => {
    expect(judgeAudit(report, [accept("2027-01-01")], today).kind).toBe("pass");
    expect(judgeAudit(report, [accept("2026-11-30")], today).kind).toBe("fail");
  });

  it("an acceptance for one package does not cover the same advisory in another", () => {
    expect(judgeAudit(report, [{ ...accept("2027-01-01"), package: "other" }], today).kind).toBe(
      "fail",
    );
  });

  it("says when there is no advisory data instead of passing as clean", () => {
    expect(judgeAudit({ statusCode: 405, error: {} }, [], today)).toEqual({
      kind: "unavailable",
      why: "the registry answered HTTP 405",
    });
    expect(judgeAudit({ vulnerabilities: {} }, [], today)).toEqual({ kind: "pass", accepted: [] });
  });
});
