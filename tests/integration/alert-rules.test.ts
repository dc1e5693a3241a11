import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { makeUser } from "../support/principals";

// Alerts are rules over appended audit events: each fires on its event and stays quiet on the
// ordinary version of the same action.
async function alerts(kind: string, subjectId: string) {
  return db().alert.count({ where: { kind, subjectId } });
}

describe("alert rules", () => {
  it("account_locked fires on a lockout, not on an ordinary failed sign-in", async () => {
    const { user } = await makeUser("AGENT");
    const anon = { kind: "anonymous", ip: null, requestId: null } as const;
    const target = { type: "user", id: user.id };
    await recordAudit({
      actor: anon,
      action: "auth.login",
      target,
      outcome: "failure",
      detail: { reason: "bad_credentials" },
    });
    expect(await alerts("account_locked", user.id)).toBe(0);
    await recordAudit({
      actor: anon,
      action: "auth.lockout",
      target,
      outcome: "denied",
      detail: { minutes: 15 },
    });
    expect(await alerts("account_locked", user.id)).toBe(1);
  });

  it("reveal_budget_exceeded fires on a budget refusal, not on other refusals or reveals", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const target = { type: "customer", id: "00000000-0000-4000-8000-000000000001" };
    await recordAudit({
      actor: officer,
      action: "customer.reveal",
      target,
      purpose: "kyc_review: K-1",
    });
    await recordAudit({
      actor: officer,
      action: "customer.reveal",
      target,
      outcome: "denied",
      detail: { refused: "APPROVAL" },
    });
    expect(await alerts("reveal_budget_exceeded", officer.userId)).toBe(0);
    await recordAudit({
      actor: officer,
      action: "customer.reveal",
      target,
      outcome: "denied",
      detail: { refused: "BUDGET" },
    });
    expect(await alerts("reveal_budget_exceeded", officer.userId)).toBe(1);
  });

  it("exact_search_budget_exceeded fires once an hour per user, not on hits and misses", async () => {
    const { principal: agent } = await makeUser("AGENT");
    await recordAudit({ actor: agent, action: "customer.search.pan", detail: { result: "miss" } });
    expect(await alerts("exact_search_budget_exceeded", agent.userId)).toBe(0);
    for (let i = 0; i < 3; i++)
      await recordAudit({
        actor: agent,
        action: "customer.search.pan",
        outcome: "denied",
        detail: { result: "over_budget" },
      });
    expect(await alerts("exact_search_budget_exceeded", agent.userId)).toBe(1);
  });

  it("step_up_failures and two_factor_reenrolled fire on their events only", async () => {
    const { principal } = await makeUser("ADMIN");
    const target = { type: "user", id: principal.userId };
    await recordAudit({ actor: principal, action: "auth.step_up", target, outcome: "failure" });
    await recordAudit({ actor: principal, action: "user.2fa_enable", target });
    expect(await alerts("step_up_failures", principal.userId)).toBe(0);
    expect(await alerts("two_factor_reenrolled", principal.userId)).toBe(0);
    await recordAudit({
      actor: principal,
      action: "auth.reauth_lockout",
      target,
      outcome: "denied",
      detail: { failures: 5 },
    });
    await recordAudit({ actor: principal, action: "user.2fa_reenrol", target });
    expect(await alerts("step_up_failures", principal.userId)).toBe(1);
    expect(await alerts("two_factor_reenrolled", principal.userId)).toBe(1);
  });

  it("an alert is written in its event's transaction: no event, no alert", async () => {
    const { principal } = await makeUser("ADMIN");
    const before = await alerts("two_factor_reenrolled", principal.userId);
    await expect(
      db().$transaction(async (tx) => {
        const { appendAudit } = await import("@/lib/server/audit/append");
        await appendAudit(tx, {
          actor: principal,
          action: "user.2fa_reenrol",
          target: { type: "user", id: principal.userId },
        });
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await alerts("two_factor_reenrolled", principal.userId)).toBe(before);
  });
});
