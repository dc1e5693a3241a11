import { spawn } from "node:child_process";

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `npm run veil -- …` as a separate process, as an operator would, with the test's config. */
export function runVeil(
  args: string[],
  opts: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/veil.ts", ...args],
      {
        env: { ...process.env, LOG_LEVEL: "silent", ...opts.env },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}
