import "server-only";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { env } from "@/lib/env";
import { CATALOGUE, customerLogKeys, type Catalogue } from "@/lib/fields/catalogue";
import { currentRequestId } from "./request-context";

/**
 * Structured JSON logs. Redaction is a second net: call sites log ids and codes, never values.
 * Any key below that slips into a log line is replaced before it is written.
 */
const SECRET_KEYS = [
  "password",
  "passwordHash",
  "token",
  "secret",
  "authorization",
  "cookie",
  "totp",
  "code",
  "cvv",
  "cvc",
];
/** Credential keys plus every customer field and stored part named by the field catalogue. */
export function redactionPaths(catalogue: Catalogue = CATALOGUE): string[] {
  return [
    ...[...SECRET_KEYS, ...customerLogKeys(catalogue)].flatMap((k) => [k, `*.${k}`]),
    "headers.cookie",
    "headers.authorization",
  ];
}

/** Every line written while serving a request carries that request's id. */
export function logMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}

const globalForLog = globalThis as unknown as {
  veilLogger?: pino.Logger;
  veilLogFd?: 1 | 2;
  veilReported?: Map<string, number>;
};

/** The CLI keeps stdout for its answers (often --json read by scripts): its logs go to stderr. */
export function logToStderr() {
  globalForLog.veilLogFd = 2;
}

export function logger(): pino.Logger {
  globalForLog.veilLogger ??= pino(
    {
      level: env().LOG_LEVEL,
      base: { app: "veil" },
      redact: { paths: redactionPaths(), censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: logMixin,
    },
    // The server logs to stdout (pino's default), as containers expect; the CLI to stderr.
    ...(globalForLog.veilLogFd === 2 ? [pino.destination({ fd: 2, sync: true })] : []),
  );
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

/**
 * Whether `key` (an error digest) is reported for the first time in the last minute: Next calls
 * onRequestError once per render phase for the same failure, and it should be one log line.
 */
export function firstReportOf(key: string | undefined): boolean {
  if (!key) return true;
  const seen = (globalForLog.veilReported ??= new Map<string, number>());
  const now = Date.now();
  const last = seen.get(key);
  if (last !== undefined && now - last < 60_000) return false;
  seen.set(key, now);
  if (seen.size > 1000) for (const [k, t] of seen) if (now - t >= 60_000) seen.delete(k);
  return true;
}
