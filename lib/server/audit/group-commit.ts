import "server-only";
import { driverExecute, db } from "@/lib/server/db";
import { isDependencyDown } from "@/lib/server/errors";
import { logger } from "@/lib/server/log";
import { countAuditEvent } from "@/lib/server/metrics";
import { currentRequestId, withRequestContext } from "@/lib/server/request-context";
import type { AuditAction } from "./catalogue";
import {
  appended,
  auditRow,
  insertSql,
  listed,
  timedInsert,
  type AuditInput,
  type AuditRow,
} from "./row";
import { sealSoon } from "./seal";
import { auditSubscriber } from "./subscribers";

// Events on their own (sign-in failures, token grants, refusals) arrive from many requests at
// once. They are committed in groups, as PostgreSQL groups WAL flushes: an event that finds a
// free slot commits at once; those arriving while groups are committing go together in the next
// one. Each caller still returns only once its own row, and any alert it raised, is committed.
// Rows no alert rule can follow from are one INSERT on the driver (a statement commits on its
// own); the others share a transaction with their rules' writes. A group failing for any reason
// but an outage is retried row by row, so one refused row fails only its own caller.
const GROUP_MAX = 256;
const GROUPS_IN_FLIGHT = 2;
type Waiting = {
  row: AuditRow;
  /** Whether an alert rule may follow from it (decided before it queues: nothing throws later). */
  alerting: boolean;
  requestId: string | null;
  resolve(): void;
  reject(err: unknown): void;
};
const waiting: Waiting[] = [];
let groupsInFlight = 0;

/** An audit row on its own (refusals, sign-in failures): nothing else is written. */
export function recordAudit<A extends AuditAction>(input: AuditInput<A>): Promise<void> {
  return new Promise((resolve, reject) => {
    const row = auditRow(input);
    const alerting = auditSubscriber().writesFor(row);
    waiting.push({ row, alerting, requestId: currentRequestId(), resolve, reject });
    commitWaiting();
  });
}

function commitWaiting() {
  while (groupsInFlight < GROUPS_IN_FLIGHT && waiting.length) {
    const group = waiting.splice(0, GROUP_MAX);
    groupsInFlight++;
    // Log lines written while committing carry the request id only when there is one request.
    void withRequestContext(group.length === 1 ? group[0]!.requestId : null, () =>
      Promise.all([
        commitTogether(
          group.filter((w) => !w.alerting),
          insertAlone,
        ),
        commitTogether(
          group.filter((w) => w.alerting),
          insertWithAlerts,
        ),
      ]),
    ).finally(() => {
      groupsInFlight--;
      commitWaiting();
    });
  }
}

async function commitTogether(group: Waiting[], commit: (rows: AuditRow[]) => Promise<void>) {
  if (!group.length) return;
  try {
    await commit(group.map((w) => w.row));
    for (const w of group) w.resolve();
  } catch (err) {
    if (group.length === 1 || isDependencyDown(err)) for (const w of group) w.reject(err);
    else for (const w of group) await commit([w.row]).then(w.resolve, w.reject);
  }
}

/** Rows no alert rule can follow from: one statement, on the driver. */
async function insertAlone(rows: AuditRow[]) {
  await timedInsert(() => driverExecute(insertSql(...rows.map(listed))));
  // Committed: nothing after this may fail the group (its retry would append the rows twice).
  try {
    for (const row of rows) countAuditEvent(row);
    sealSoon();
  } catch (err) {
    logger().warn({ err: (err as Error).message }, "audit bookkeeping failed");
  }
}

/** Rows with their rules' writes (rate counts, alerts) in one transaction. */
function insertWithAlerts(rows: AuditRow[]) {
  return db().$transaction(async (tx) => {
    await timedInsert(() => tx.$executeRaw`${insertSql(...rows.map(listed))}`);
    for (const row of rows) await appended(tx, row);
  });
}
