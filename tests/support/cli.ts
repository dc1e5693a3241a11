import { spawn } from "node:child_process";

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * Runs `npm run veil -- …` as a separate process, as an operator would, with the test's config:
 * from the sources, or (`compiled`) the built dist/veil.mjs as the image runs it, from `cwd`.
 */
export function runVeil(
  args: string[],
  opts: {
    input?: string;
    env?: Record<string, string>;
    /** The whole environment instead of the test process's (an operator's clean shell). */
    baseEnv?: NodeJS.ProcessEnv;
    compiled?: string;
    cwd?: string;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const entry = opts.compiled
      ? [opts.compiled]
      : ["--conditions=react-server", "--import", "tsx", "scripts/veil.ts"];
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: opts.cwd,
      env: { ...(opts.baseEnv ?? process.env), LOG_LEVEL: "silent", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}
