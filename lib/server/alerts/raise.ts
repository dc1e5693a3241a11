import "server-only";
import type { Tx } from "@/lib/server/db";
import { metrics } from "@/lib/server/metrics";
import { deliverAlertsSoon } from "./webhook";

export type AlertInput = {
  kind: string;
  severity: "low" | "medium" | "high";
  message: string;
  subject?: { type: string; id: string };
};

/** Alerts land in the same transaction as the event that raised them. Messages carry no PII. */
export async function raiseAlert(tx: Tx, a: AlertInput) {
  metrics().alertsRaised.inc({ kind: a.kind, severity: a.severity });
  deliverAlertsSoon(); // runs after a short delay, by when this transaction has committed
  await tx.alert.create({
    data: {
      kind: a.kind,
      severity: a.severity,
      message: a.message,
      subjectType: a.subject?.type,
      subjectId: a.subject?.id,
    },
  });
}
