import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { JOBS_SCHEMA, QUEUE_NAMES, type QueueName } from "@/lib/jobs/queues";
import { poolConfig } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { JOBS } from "./catalogue";

// One home for background work: pg-boss on the same database (PostgreSQL or the embedded one).
// A job is fetched with FOR UPDATE SKIP LOCKED, so with any number of app instances and workers
// each runs once; a job whose worker stopped answering (SIGKILL, a lost host) expires after its
// lease and is retried by another worker (the supervisor checks every SUPERVISE_S). Every job is
// idempotent, so a retry finishes the work without doing any of it twice.
//
// Processes play one of two parts: a *worker* (`veil worker`, or the server itself with
// VEIL_JOBS=inline) fetches and runs jobs and keeps the schedules; a *sender* (the server with
// VEIL_JOBS=external) only asks for jobs. A process with neither (the CLI, tests) asks for none.

/** How often a worker's supervisor looks for expired jobs: the takeover bound is lease + this. */
export const SUPERVISE_S = 5;

type Part = "worker" | "sender";
type Runner = {
  boss: PgBoss;
  part: Part;
  workers: Map<QueueName, string>;
  asked: Set<QueueName>;
  stopped: boolean;
};

const KEY = Symbol.for("veil.jobRunner");
const state = globalThis as { [KEY]?: Runner };

export function jobPart(): Part {
  return env().VEIL_JOBS === "inline" ? "worker" : "sender";
}

/** Starts this process's part; a second call is a no-op. */
export async function startJobRunner(part: Part = jobPart()): Promise<void> {
  if (state[KEY]) return;
  const { connectionString, ssl } = poolConfig();
  const working = part === "worker";
  const boss = new PgBoss({
    connectionString,
    ssl,
    max: 2,
    schema: JOBS_SCHEMA,
    application_name: "veil-jobs",
    migrate: false, // installed with the migrations, by the schema owner
    supervise: working,
    schedule: working,
    maintenanceIntervalSeconds: SUPERVISE_S,
    cronMonitorIntervalSeconds: 10,
  });
  boss.on("error", (err: Error) => logger().warn({ err: err.message }, "job runner error"));
  const runner: Runner = { boss, part, workers: new Map(), asked: new Set(), stopped: false };
  state[KEY] = runner;
  try {
    await boss.start();
    if (!working) return;
    for (const name of QUEUE_NAMES) {
      const id = await boss.work(
        name,
        { pollingIntervalSeconds: JOBS[name].pollSeconds, batchSize: 1 },
        () => runJob(name),
      );
      runner.workers.set(name, id);
      const cron = JOBS[name].cron();
      if (cron) await boss.schedule(name, cron, {}, { tz: "UTC", ...sendOptions(name) });
      else await boss.unschedule(name);
    }
  } catch (err) {
    state[KEY] = undefined;
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw err;
  }
}

async function runJob(name: QueueName) {
  try {
    await JOBS[name].run();
  } catch (err) {
    // pg-boss retries it (queue options); the log says why, without data.
    logger().warn(
      { job: name, err: err instanceof Error ? err.message : String(err) },
      "job failed",
    );
    throw err;
  }
}

const sendOptions = (name: QueueName) => ({ expireInSeconds: JOBS[name].leaseSeconds() });

/**
 * Asks for a job soon (after its coalescing delay, by when the asking transaction has
 * committed). A queue holds at most one waiting job, so a burst of asks is one job. Nothing in
 * a process that runs no job runner: the CLI seals its own rows when it ends.
 */
export function requestJob(name: QueueName): void {
  const runner = state[KEY];
  if (!runner || runner.stopped || runner.asked.has(name)) return;
  runner.asked.add(name);
  setTimeout(() => {
    runner.asked.delete(name);
    if (runner.stopped) return;
    runner.boss
      .send(name, {}, sendOptions(name))
      .then(() => {
        const worker = runner.workers.get(name);
        if (worker) runner.boss.notifyWorker(worker); // this process works it: now, not next poll
      })
      .catch((err: Error) => logger().warn({ job: name, err: err.message }, "job request failed"));
  }, JOBS[name].coalesceMs).unref();
}

/**
 * Asks for a job at `at` (a retry's or a lease's end). Keyed by its time (to 5 s), so it never
 * takes the place of a job asked for now (a queue holds one waiting job per key), and asks for
 * the same moment are one job.
 */
export async function requestJobAt(name: QueueName, at: Date): Promise<void> {
  const runner = state[KEY];
  if (!runner || runner.stopped) return;
  const slot = Math.ceil(at.getTime() / 5000) * 5;
  await runner.boss.send(
    name,
    {},
    { ...sendOptions(name), startAfter: at, singletonKey: `at:${slot}` },
  );
}

/** Stops fetching, lets running jobs finish (up to `timeoutMs`), and closes the runner's pool. */
export async function stopJobRunner(timeoutMs = 20_000): Promise<void> {
  const runner = state[KEY];
  if (!runner || runner.stopped) return;
  runner.stopped = true;
  // Jobs still running at the timeout are failed, so another worker retries them now.
  await runner.boss.stop({ graceful: true, wait: true, timeout: timeoutMs }).catch(() => {});
  state[KEY] = undefined;
}
