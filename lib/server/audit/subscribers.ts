import "server-only";
import type { Tx } from "@/lib/server/db";
import type { AuditAction } from "./catalogue";

// Who follows appended audit rows (the alert rules), without audit knowing them: lower floors
// never call up. A subscriber is registered once at start (`registerAlertRules`, called by every
// entry point: the server's instrumentation, the CLI and launcher runtime, the tests' setup);
// appending with none registered throws rather than silently skipping the alerts.

/** An appended audit event, as subscribers see it. */
export type AppendedEvent = {
  action: AuditAction;
  outcome: string;
  actorType: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  targetIds: string[];
  ip: string | null;
  at: Date;
  detail: Record<string, unknown> | null;
};

export type AuditSubscriber = {
  /** Whether following `event` could write anything (else a row needs no transaction for it). */
  writesFor(event: AppendedEvent): boolean;
  /** Runs in the event's own transaction: what it writes exists exactly when the event does. */
  onAppended(tx: Tx, event: AppendedEvent): Promise<void>;
};

// On globalThis: Next bundles a module once per route, and every copy must see the one
// registered at start.
const KEY = Symbol.for("veil.auditSubscriber");
const slot = () => globalThis as { [KEY]?: AuditSubscriber };

export function subscribeToAudit(subscriber: AuditSubscriber): void {
  slot()[KEY] = subscriber;
}

export function auditSubscriber(): AuditSubscriber {
  const s = slot()[KEY];
  if (!s) throw new Error("audit: no subscriber registered (call registerAlertRules() at start)");
  return s;
}
