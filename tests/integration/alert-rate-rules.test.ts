import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateThresholds } from "@/lib/server/alerts/settings";
import { recordAudit } from "@/lib/server/audit/append";
import type { AnonymousPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { makeUser } from "../support/principals";

// Each rate rule on a scripted scenario (fires once, at the threshold) and on a normal one (quiet).
// Thresholds are lowered through the admin function, as an admin would.

const alerts = (kind: string, subjectId: string) =>
  db().alert.count({ where: { kind, subjectId } });
const randomIp = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const anon = (ip: string): AnonymousPrincipal => ({ kind: "anonymous", ip, requestId: null });
const customer = () => ({ type: "customer", id: randomUUID() });

beforeAll(async () => {
  const { principal: admin } = await makeUser("ADMIN", { steppedUp: true });
  await updateThresholds(admin, {
    failedSignInsPerAccount: 3,
    failedSignInsPerAddress: 4,
    revealsPerWindow: 3,
    recordsReadPerWindow: 60,
    exactSearchesPerWindow: 3,
    partnerRefusalsPerWindow: 3,
  });
});

// The project's database is shared by the files that follow: back to the defaults.
afterAll(async () => {
  await db().alertSetting.deleteMany();
});

describe("alert rate rules", () => {
  it("failed sign-ins on one account: quiet at 2, one alert at 3, no second at 4", async () => {
    const { user } = await makeUser("AGENT");
    const fail = () =>
      recordAudit({
        actor: anon(randomIp()),
        action: "auth.login",
        target: { type: "user", id: user.id },
        outcome: "failure",
        detail: { reason: "bad_credentials" },
      });
    await fail();
    await fail();
    await recordAudit({
      actor: anon(randomIp()),
      action: "auth.login",
      target: { type: "user", id: user.id },
    });
    expect(await alerts("failed_sign_in_burst_account", user.id)).toBe(0);
    await fail();
    expect(await alerts("failed_sign_in_burst_account", user.id)).toBe(1);
    await fail();
    expect(await alerts("failed_sign_in_burst_account", user.id)).toBe(1);
  });

  it("failed sign-ins from one address across many accounts (spraying)", async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++)
      await recordAudit({
        actor: anon(ip),
        action: "auth.login",
        outcome: "failure",
        detail: { reason: "bad_credentials" },
      });
    expect(await alerts("failed_sign_in_burst_address", ip)).toBe(0);
    await recordAudit({
      actor: anon(ip),
      action: "auth.login",
      outcome: "failure",
      detail: { reason: "bad_credentials" },
    });
    expect(await alerts("failed_sign_in_burst_address", ip)).toBe(1);
  });

  it("reveal velocity: three reveals by one officer fire; two do not", async () => {
    const { principal: busy } = await makeUser("OFFICER");
    const { principal: calm } = await makeUser("OFFICER");
    const reveal = (officer: typeof busy) =>
      recordAudit({
        actor: officer,
        action: "customer.reveal",
        target: customer(),
        fields: [{ field: "email", level: "plain" }],
        purpose: "fraud_investigation: CASE-1",
      });
    await reveal(calm);
    await reveal(calm);
    for (let i = 0; i < 3; i++) await reveal(busy);
    expect(await alerts("reveal_velocity", calm.userId)).toBe(0);
    expect(await alerts("reveal_velocity", busy.userId)).toBe(1);
  });

  it("bulk reads count records, not requests: list pages of 25 add up", async () => {
    const { principal: reader } = await makeUser("AGENT");
    const page = () =>
      recordAudit({
        actor: reader,
        action: "customer.list",
        targets: { type: "customer", ids: Array.from({ length: 25 }, () => randomUUID()) },
      });
    await page();
    await page(); // 50 records
    expect(await alerts("bulk_read", reader.userId)).toBe(0);
    await page(); // 75 ≥ 60
    expect(await alerts("bulk_read", reader.userId)).toBe(1);
  });

  it("exact-search bursts by one user fire; name searches do not count", async () => {
    const { principal: agent } = await makeUser("AGENT");
    for (let i = 0; i < 5; i++)
      await recordAudit({
        actor: agent,
        action: "customer.search.name",
        detail: { result: "hit" },
      });
    expect(await alerts("exact_search_burst", agent.userId)).toBe(0);
    for (let i = 0; i < 3; i++)
      await recordAudit({
        actor: agent,
        action: "customer.search.pan",
        detail: { result: "miss" },
      });
    expect(await alerts("exact_search_burst", agent.userId)).toBe(1);
  });

  it("refused partner calls from one source fire", async () => {
    const ip = randomIp();
    for (let i = 0; i < 2; i++)
      await recordAudit({ actor: anon(ip), action: "partner.auth_failed", outcome: "denied" });
    expect(await alerts("partner_refusal_spike", ip)).toBe(0);
    await recordAudit({ actor: anon(ip), action: "partner.auth_failed", outcome: "denied" });
    expect(await alerts("partner_refusal_spike", ip)).toBe(1);
  });

  it("admin changes outside working hours fire; inside them, and non-admin actions, do not", async () => {
    const { principal: admin } = await makeUser("ADMIN", { steppedUp: true });
    const offHours = () => alerts("admin_change_off_hours", admin.userId);
    const hour = new Date().getUTCHours();
    const weekend = [0, 6].includes(new Date().getUTCDay());
    // Working hours that exclude the current hour, whatever the clock says.
    await updateThresholds(
      admin,
      hour < 12
        ? { workdayStartHourUtc: hour + 1, workdayEndHourUtc: hour + 2 }
        : { workdayStartHourUtc: hour - 2, workdayEndHourUtc: hour - 1 },
    );
    const { user: target } = await makeUser("AGENT");
    const before = await offHours();
    await recordAudit({
      actor: admin,
      action: "user.disable",
      target: { type: "user", id: target.id },
    });
    expect(await offHours()).toBe(before + 1);
    // It says what, when, and why that counts as outside working hours, in people-words.
    const { message } = await db().alert.findFirstOrThrow({
      where: { kind: "admin_change_off_hours", subjectId: admin.userId },
      orderBy: { at: "desc" },
    });
    expect(message).toMatch(
      /^User disabled: an admin change made \w+day \d\d:\d\d UTC, outside working hours \(\d\d:00–\d\d:00 UTC, Monday to Friday/,
    );
    if (weekend) expect(message).toMatch(/(Saturday|Sunday) counts as outside\)\.$/);
    await recordAudit({ actor: admin, action: "customer.read", target: customer() });
    expect(await offHours()).toBe(before + 1);
    if (!weekend) {
      // Working hours that include now: the same kind of change is quiet.
      await updateThresholds(admin, { workdayStartHourUtc: 0, workdayEndHourUtc: 24 });
      const during = await offHours();
      await recordAudit({
        actor: admin,
        action: "user.enable",
        target: { type: "user", id: target.id },
      });
      expect(await offHours()).toBe(during);
    }
  });

  it("refuses bad thresholds clearly and changes nothing", async () => {
    const { principal: admin } = await makeUser("ADMIN", { steppedUp: true });
    const before = await db().alertSetting.findMany({ orderBy: { key: "asc" } });
    for (const bad of [
      { failedSignInsPerAccount: 0 },
      { failedSignInsPerAccount: "many" },
      { unknownThreshold: 5 },
      { workdayStartHourUtc: 20, workdayEndHourUtc: 8 },
    ])
      await expect(updateThresholds(admin, bad), JSON.stringify(bad)).rejects.toMatchObject({
        code: "VALIDATION",
      });
    const { principal: officer } = await makeUser("OFFICER", { steppedUp: true });
    await expect(updateThresholds(officer, { revealsPerWindow: 100 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db().alertSetting.findMany({ orderBy: { key: "asc" } })).toEqual(before);
  });
});
