// The test runners' shared parts: named commands run in order, stopping at the first failure,
// with a closing tally line; and whether a service the suite needs answers.
import { spawnSync } from "node:child_process";
import net from "node:net";
import { childProcessEnv } from "@/lib/env";

export type Step = { name: string; cmd: string[] };

export function runSteps(steps: Step[]): never {
  let passed = 0;
  for (const step of steps) {
    console.log(`\n▶ ${step.name}: ${step.cmd.join(" ")}`);
    const started = Date.now();
    const r = spawnSync(step.cmd[0]!, step.cmd.slice(1), {
      stdio: "inherit",
      env: childProcessEnv({ PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", NEXT_TELEMETRY_DISABLED: "1" }),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (r.status !== 0) {
      console.error(`\n✖ ${step.name} failed (${seconds} s)`);
      console.log(`steps: ${passed} passed, 1 failed`);
      process.exit(r.status ?? 1);
    }
    passed++;
    console.log(`✔ ${step.name} (${seconds} s)`);
  }
  console.log(`steps: ${passed} passed, 0 failed`);
  process.exit(0);
}

/** Whether a TCP service answers (a database the suite needs, say). */
export function reachable(host: string, port: number) {
  return new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
    s.once("timeout", () => {
      s.destroy();
      resolve(false);
    });
  });
}
