import { describe, expect, it } from "vitest";
import { ALERT_RULES, mayRaiseAlert } from "@/lib/server/alerts/rules";
import type { AppendedEvent } from "@/lib/server/audit/subscribers";
import { RATE_KINDS, rateCounts } from "@/lib/server/alerts/rate-rules";

// Standalone audit events that no alert rule can follow from are committed without a
// transaction for the rules (lib/server/audit/append.ts). A rule that mayRaiseAlert missed
// would silently never fire for them: every rule and every rate counter has an event here.

const event = (over: Partial<AppendedEvent>): AppendedEvent => ({
  outcome: "success",
  actorType: "user",
  actorId: "u1",
  targetType: null,
  targetId: null,
  targetIds: [],
  ip: "203.0.113.9",
  at: new Date("2026-12-05T03:00:00Z"), // a Saturday night: outside any working hours
  detail: null,
  action: "auth.login",
  ...over,
});

const ALERTING: AppendedEvent[] = [
  event({ action: "auth.lockout", targetType: "user", targetId: "u2", detail: { minutes: 15 } }),
  event({ action: "customer.reveal", detail: { refused: "BUDGET" }, outcome: "denied" }),
  event({ action: "customer.search.email", detail: { result: "over_budget" } }),
  event({ action: "auth.reauth_lockout", targetType: "user", targetId: "u1" }),
  event({
    action: "partner.refresh_reuse",
    actorType: "partner",
    targetType: "partner",
    targetId: "p1",
  }),
  event({ action: "user.role_change", targetType: "user", targetId: "u2" }),
  event({ action: "user.2fa_reenrol", targetType: "user", targetId: "u1" }),
  event({ action: "auth.login", outcome: "failure", targetType: "user", targetId: "u2" }),
  event({ action: "customer.reveal" }),
  event({
    action: "auth.login",
    actorType: "anonymous",
    targetType: "user",
    targetId: "u3",
    detail: { breakGlass: true },
  }),
  event({ action: "customer.list", actorType: "partner", actorId: "p1", targetIds: ["c1", "c2"] }),
  event({ action: "customer.read", targetType: "customer", targetId: "c1" }),
  event({
    action: "partner.auth_failed",
    actorType: "anonymous",
    actorId: null,
    outcome: "denied",
  }),
];

describe("which standalone events skip the alert rules' transaction", () => {
  it("none that any rule or rate counter acts on", () => {
    for (const e of ALERTING) expect(mayRaiseAlert(e), e.action).toBe(true);
    // Every rule and every counter is exercised by some event above.
    const fired = new Set(
      ALERTING.flatMap((e) => [
        ...ALERT_RULES.filter((r) =>
          r.matches(e, { workdayStartHourUtc: 7, workdayEndHourUtc: 19 } as never),
        ).map((r) => r.kind),
        ...rateCounts(e).map((c) => c.kind),
      ]),
    );
    expect([...fired].sort()).toEqual([...ALERT_RULES.map((r) => r.kind), ...RATE_KINDS].sort());
  });

  it("but the everyday ones no rule reads: token grants, network refusals, sign-ins, list reads", () => {
    for (const e of [
      event({
        action: "partner.token",
        actorType: "partner",
        actorId: "p1",
        detail: { grant: "client_credentials" },
      }),
      event({ action: "auth.login", targetType: "user", targetId: "u1" }),
      event({
        action: "partner.network_refused",
        actorType: "anonymous",
        actorId: null,
        outcome: "denied",
      }),
      event({ action: "customer.list", targetIds: [] }),
    ])
      expect(mayRaiseAlert(e), e.action).toBe(false);
  });
});
