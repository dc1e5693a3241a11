import { parseArgs, type ParseArgsConfig } from "node:util";
import { isAppError } from "@/lib/server/errors";

export type Command = {
  name: string;
  usage: string;
  summary: string;
  help?: string;
  /** Runs until stopped, sealing as it goes (not once at the end, as short commands do). */
  longRunning?: boolean;
  run(argv: string[]): Promise<number>;
};

/** A failure the user caused: printed as is, with a non-zero exit code. */
export class UsageError extends Error {
  exitCode = 64;
}

export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Data-layer refusals become usage errors with the user-facing message, never a stack. */
export async function asCli<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isAppError(err)) throw new UsageError(err.userMessage);
    throw err;
  }
}
