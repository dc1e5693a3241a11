import "server-only";
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

/** A child logger that stamps every line with the request id. */
export function requestLogger(requestId: string | null | undefined) {
  return logger().child({ requestId: requestId ?? "none" });
}
