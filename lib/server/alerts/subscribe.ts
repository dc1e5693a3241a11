import "server-only";
import { subscribeToAudit } from "@/lib/server/audit/subscribers";
import { evaluateAlertRules, mayRaiseAlert } from "./rules";

/** Alerts follow the audit trail: every entry point calls this once at start. */
export function registerAlertRules(): void {
  subscribeToAudit({ writesFor: mayRaiseAlert, onAppended: (tx, e) => evaluateAlertRules(tx, e) });
}
