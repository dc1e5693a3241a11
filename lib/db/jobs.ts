// The job runner's tables: installed (and upgraded) by pg-boss itself, as the schema owner, with
// the migrations; then Veil's queues. Idempotent, like the migrations it runs after.
import PgBoss from "pg-boss";
import { JOBS_SCHEMA, QUEUES, QUEUE_NAMES, SCHEDULER_QUEUE } from "@/lib/jobs/queues";

export async function installJobQueues(databaseUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: JOBS_SCHEMA,
    max: 1,
    migrate: true,
    supervise: false,
    schedule: false,
  });
  boss.on("error", () => {}); // start() rejects with the same error
  await boss.start();
  try {
    for (const name of QUEUE_NAMES) {
      await boss.createQueue(name, { name, ...QUEUES[name] });
      await boss.updateQueue(name, { name, ...QUEUES[name] }); // options changed by an upgrade
    }
    // Created here because creating a queue is DDL: the running app never needs that right.
    await boss.createQueue(SCHEDULER_QUEUE, { name: SCHEDULER_QUEUE, policy: "standard" });
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
}
