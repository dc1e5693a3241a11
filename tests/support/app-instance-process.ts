// A long-lived app process (tests/support/app-instance.ts) for cross-instance tests: one JSON
// answer per JSON command, so a test can act on one instance and check another while both stay warm.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { InstanceCommand } from "./app-instance";

export function startInstance(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/support/app-instance.ts"],
    { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] },
  );
  const answers = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    async send(command: InstanceCommand): Promise<unknown> {
      child.stdin!.write(JSON.stringify(command) + "\n");
      const next = await answers.next();
      if (next.done) throw new Error("instance exited");
      return (JSON.parse(next.value) as { result: unknown }).result;
    },
    stop: () => child.stdin!.end(),
  };
}
