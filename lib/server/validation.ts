import "server-only";
import type { z } from "zod";
import { AppError } from "./errors";

/** Every data function parses its own input: callers cannot skip validation. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AppError("VALIDATION", "invalid input", r.error.issues[0]?.message);
  return r.data;
}
