import { QUEUE_NAMES } from "@/lib/jobs/queues";
import { logger } from "@/lib/server/log";
import { parseOptions, type Command } from "./command";

export const workerCommands: Command[] = [
  {
    name: "worker",
    usage: "worker",
    summary:
      "Run the background jobs (audit sealing, checkpoints, alert webhooks, retention) until stopped.",
    help: "Run any number of workers beside any number of app instances (set VEIL_JOBS=external on those): each job runs once. SIGTERM or SIGINT lets running jobs finish (up to 20 s), then exits. A worker killed outright leaves its job to another one after VEIL_JOB_LEASE_S plus at most 5 s.",
    longRunning: true,
    async run(argv) {
      parseOptions(argv, {});
      const { startJobRunner, stopJobRunner } = await import("@/lib/server/jobs/runner");
      await startJobRunner("worker");
      logger().info({ queues: QUEUE_NAMES, pid: process.pid }, "worker started");
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", () => resolve());
        process.once("SIGINT", () => resolve());
      });
      logger().info("worker stopping");
      await stopJobRunner();
      return 0;
    },
  },
];
