// Veil's background jobs as queues of pg-boss (PostgreSQL's job runner; the same tables on the
// embedded database). The migration creates them as the schema owner; workers and app instances
// only read and write their rows (the application role has no DDL).

export const JOBS_SCHEMA = "veil_jobs";

/** pg-boss's own queue behind schedules: cron ticks are sent through it. */
export const SCHEDULER_QUEUE = "__pgboss__send-it";

export type QueueName = "audit-seal" | "audit-anchor" | "alerts-deliver" | "retention-run";

type QueueOptions = {
  /**
   * Both keep at most one job waiting, so a burst of asks for the same work is one job.
   * `stately` also runs one at a time (a job that must not overlap itself); `short` lets a new
   * job start while an old one runs, for work that is safe side by side (row locks), so a job
   * whose worker died never holds the queue up until its lease ends.
   */
  policy: "short" | "stately";
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
};

export const QUEUES: Record<QueueName, QueueOptions> = {
  // Seals committed rows (idempotent under the chain-head lock); asked for after every append.
  "audit-seal": { policy: "short", retryLimit: 3, retryDelay: 1, retryBackoff: true },
  // A minute tick that signs a checkpoint every VEIL_AUDIT_ANCHOR_MINUTES.
  "audit-anchor": { policy: "stately", retryLimit: 2, retryDelay: 10, retryBackoff: true },
  // Delivers what the alert outbox has due (the outbox keeps its own per-alert back-off).
  "alerts-deliver": { policy: "short", retryLimit: 3, retryDelay: 1, retryBackoff: true },
  // The retention policy, on VEIL_RETENTION_SCHEDULE (batches are idempotent: a retry resumes).
  "retention-run": { policy: "stately", retryLimit: 2, retryDelay: 300, retryBackoff: false },
};

export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
