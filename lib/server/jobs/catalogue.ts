import "server-only";
import type { QueueName } from "@/lib/jobs/queues";
import { env } from "@/lib/env";

// What each queue's job does, how soon a request for it is sent, how often workers look for it,
// and its schedule. Handlers are loaded on first use: a process that only asks for jobs (an app
// instance with VEIL_JOBS=external) never loads them.

export type JobDefinition = {
  run(): Promise<unknown>;
  /** How long a request waits for company (and for its transaction's commit) before it is sent. */
  coalesceMs: number;
  /** How often an idle worker looks for this queue's jobs. */
  pollSeconds: number;
  /** Cron (UTC), or null for none: a backstop for lost requests, or the job's own rhythm. */
  cron(): string | null;
  /** Seconds a job may run before another worker takes it over. */
  leaseSeconds(): number;
};

const lease = () => env().VEIL_JOB_LEASE_S;

export const JOBS: Record<QueueName, JobDefinition> = {
  "audit-seal": {
    run: async () => (await import("@/lib/server/audit/seal")).sealAuditChain({ wait: true }),
    coalesceMs: 50,
    pollSeconds: 0.5,
    // Rows whose request for a seal was lost (a process killed between commit and send).
    cron: () => "* * * * *",
    leaseSeconds: lease,
  },
  "audit-anchor": {
    run: async () => (await import("@/lib/server/audit/anchor")).anchorIfDue(),
    coalesceMs: 0,
    pollSeconds: 5,
    cron: () =>
      env().VEIL_AUDIT_ANCHOR_MINUTES && env().VEIL_AUDIT_ANCHOR_KEY ? "* * * * *" : null,
    leaseSeconds: lease,
  },
  "alerts-deliver": {
    run: async () => {
      const outbox = await import("@/lib/server/alerts/webhook");
      const delivered = await outbox.deliverDueAlerts();
      // The next retry or expiring claim gets its own job, not the next minute's tick.
      const next = await outbox.nextAlertDue();
      if (next) await (await import("./runner")).requestJobAt("alerts-deliver", next);
      return delivered;
    },
    coalesceMs: 250,
    pollSeconds: 0.5,
    // Retries come due while nothing new is raised; and alerts whose request was lost.
    cron: () => (env().VEIL_ALERT_WEBHOOK_URL ? "* * * * *" : null),
    leaseSeconds: lease,
  },
  "retention-run": {
    run: async () => (await import("@/lib/server/retention/scheduled")).runScheduledRetention(),
    coalesceMs: 0,
    pollSeconds: 30,
    cron: () => (env().VEIL_RETENTION_SCHEDULE === "off" ? null : env().VEIL_RETENTION_SCHEDULE),
    // A long run in batches; a worker that died mid-run is replaced after an hour at most.
    leaseSeconds: () => Math.max(lease(), 3600),
  },
};
