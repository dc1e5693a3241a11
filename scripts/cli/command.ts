import { parseArgs, type ParseArgsConfig } from "node:util";

export type Command = {
  name: string;
  usage: string;
  summary: string;
  help?: string;
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
