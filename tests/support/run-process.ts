import { spawn, type SpawnOptions } from "node:child_process";

/**
 * Runs a command to the end and collects what it printed. Asynchronous on purpose: a scan's
 * target may be served from this very process (a spawnSync would block it).
 */
export function runProcess(cmd: string, args: string[], opts: SpawnOptions = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => (stdout += c));
    child.stderr!.on("data", (c) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
