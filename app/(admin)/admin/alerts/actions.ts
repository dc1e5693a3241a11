"use server";
import { updateAlert } from "@/lib/server/alerts/inbox";
import { runAction } from "@/lib/server/http/action";

export async function updateAlertAction(input: {
  alertId: string;
  to: "acknowledged" | "resolved";
}) {
  return runAction((viewer) => updateAlert(viewer, input));
}
