import "server-only";
import { appendAudit } from "@/lib/server/audit/append";
import { requireStepUp, requireUserCapability, type Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { thresholdUpdateSchema } from "@/lib/schemas/alert-thresholds";
import { parseInput } from "@/lib/server/validation";
import { forgetThresholds, THRESHOLDS, thresholds, type ThresholdName } from "./thresholds";

// The alert settings admins change (audited, step-up): the write side of the thresholds the
// rules read (thresholds.ts).

/** An admin changes thresholds (step-up; audited with the names and new values). */
export async function updateThresholds(actor: Principal, input: unknown) {
  requireUserCapability(actor, "alerts.manage");
  requireStepUp(actor);
  const changes = parseInput(thresholdUpdateSchema, input);
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
  forgetThresholds();
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
