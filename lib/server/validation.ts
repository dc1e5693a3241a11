import "server-only";
import type { z } from "zod";
import type { InputIssue } from "@/lib/schemas/action";
import { AppError } from "./errors";

/** Every zod issue as path + message (messages are ours, never echo the value). */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/**
 * Every data function parses its own input: callers cannot skip validation. The error lists every
 * issue; its user message is the first one (what a form shows above its fields).
 */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issues = inputIssues(r.error);
    throw new AppError("VALIDATION", "invalid input", issues[0]?.message, issues);
  }
  return r.data;
}
