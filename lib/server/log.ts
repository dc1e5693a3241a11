import "server-only";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { env } from "@/lib/env";

/**
 * Structured JSON logs. Redaction is a second net: call sites log ids and codes, never values.
 * Any key below that slips into a log line is replaced before it is written.
 */
const REDACT = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "headers.authorization",
  "email",
  "*.email",
  "pan",
  "*.pan",
  "iban",
  "*.iban",
  "nationalId",
  "*.nationalId",
  "dateOfBirth",
  "*.dateOfBirth",
  "phone",
  "*.phone",
  "totp",
  "*.totp",
  "code",
  "*.code",
  "cvv",
  "*.cvv",
];

const globalForLog = globalThis as unknown as { veilLogger?: pino.Logger };

export function logger(): pino.Logger {
  globalForLog.veilLogger ??= pino({
    level: env().LOG_LEVEL,
    base: { app: "veil" },
    redact: { paths: REDACT, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return globalForLog.veilLogger;
}

/**
 * Logs an unexpected failure under the request id (or a fresh id) and returns that id: the
 * only thing the caller may show the user. Details stay in the log.
 */
export function logUnexpected(
  err: unknown,
  requestId: string | null,
  msg = "request failed",
): string {
  const errorId = requestId ?? randomUUID();
  const e = err as Error | undefined;
  logger().error(
    { requestId: errorId, err: { name: e?.name, message: e?.message, stack: e?.stack } },
    msg,
  );
  return errorId;
}
