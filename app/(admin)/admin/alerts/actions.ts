"use server";
import { updateAlert } from "@/lib/server/alerts/inbox";
import { updateThresholds } from "@/lib/server/alerts/settings";
import { runAction } from "@/lib/server/http/action";

export async function updateAlertAction(input: {
  alertId: string;
  to: "acknowledged" | "resolved";
}) {
  return runAction((viewer) => updateAlert(viewer, input));
}

export async function updateThresholdsAction(input: Record<string, string>) {
  return runAction((viewer) => updateThresholds(viewer, input));
}
