import { describe, expect, it } from "vitest";
import { countOpenAlerts, listAlerts, updateAlert } from "@/lib/server/alerts/inbox";
import { db } from "@/lib/server/db";
import { raiseLockoutAlert } from "../support/alerts";
import { makeUser } from "../support/principals";

describe("the alert inbox", () => {
  it("lists an alert as open with whom it is about, then acknowledged, then resolved; each step audited", async () => {
    const { principal: admin, user: adminUser } = await makeUser("ADMIN");
    const { alert, user } = await raiseLockoutAlert();
    const open = await countOpenAlerts(admin);
    expect(open).toBeGreaterThan(0);
    expect((await listAlerts(admin, "open")).find((a) => a.id === alert.id)).toMatchObject({
      kind: "account_locked",
      severity: "high",
      subject: user.name,
      state: "open",
    });
    await updateAlert(admin, { alertId: alert.id, to: "acknowledged" });
    expect(await countOpenAlerts(admin)).toBe(open - 1);
    expect((await listAlerts(admin, "acknowledged")).find((a) => a.id === alert.id)).toMatchObject({
      state: "acknowledged",
      acknowledgedBy: adminUser.name,
    });
    // Handled once: a second acknowledgement is a conflict, not a silent overwrite.
    await expect(
      updateAlert(admin, { alertId: alert.id, to: "acknowledged" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await updateAlert(admin, { alertId: alert.id, to: "resolved" });
    expect((await listAlerts(admin, "resolved")).find((a) => a.id === alert.id)).toMatchObject({
      state: "resolved",
      resolvedBy: adminUser.name,
    });
    const audit = await db().auditEvent.findMany({
      where: { targetType: "alert", targetId: alert.id },
      orderBy: { at: "asc" },
      select: { action: true, actorId: true },
    });
    expect(audit).toEqual([
      { action: "alert.acknowledge", actorId: admin.userId },
      { action: "alert.resolve", actorId: admin.userId },
    ]);
  });

  it("refuses everyone but alert managers, and bad input changes nothing", async () => {
    const { alert } = await raiseLockoutAlert();
    for (const role of ["AGENT", "OFFICER", "ANALYST"] as const) {
      const { principal } = await makeUser(role, { steppedUp: true });
      await expect(listAlerts(principal, "open")).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        updateAlert(principal, { alertId: alert.id, to: "resolved" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const { principal: admin } = await makeUser("ADMIN");
    for (const bad of [
      { alertId: "not-a-uuid", to: "resolved" },
      { alertId: alert.id, to: "deleted" },
      { alertId: alert.id },
    ])
      await expect(updateAlert(admin, bad)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listAlerts(admin, "everything")).rejects.toMatchObject({ code: "VALIDATION" });
    const after = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(after.acknowledgedAt).toBeNull();
    expect(after.resolvedAt).toBeNull();
  });
});
