import "server-only";

import type { ActionErrorCode, InputIssue } from "@/lib/schemas/action";
import { logger } from "@/lib/server/log";

export type ErrorCode = Exclude<ActionErrorCode, "INTERNAL">;

const USER_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "Please sign in again.",
  FORBIDDEN: "You are not allowed to do that.",
  NOT_FOUND: "Not found.",
  VALIDATION: "Some of the input is not valid.",
  CONFLICT: "That conflicts with the current state. Refresh and try again.",
  RATE_LIMITED: "Too many attempts. Wait a few minutes and try again.",
  STEP_UP_REQUIRED: "Confirm it is you to continue.",
  MFA_REQUIRED: "Set up two-factor authentication to continue.",
  TOO_LARGE: "The request body is too large.",
  UNSUPPORTED_MEDIA: "Send JSON (Content-Type: application/json).",
  UNAVAILABLE: "The service is briefly unavailable. Try again in a moment.",
};

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 422,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  STEP_UP_REQUIRED: 403,
  MFA_REQUIRED: 403,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  UNAVAILABLE: 503,
};

/**
 * An expected failure: `internal` goes to logs, `userMessage` (generic by default) to the caller.
 */
export class AppError extends Error {
  readonly userMessage: string;
  constructor(
    readonly code: ErrorCode,
    internal?: string,
    userMessage?: string,
    /** Every invalid input field (validation failures). */
    readonly issues?: InputIssue[],
  ) {
    super(internal ?? code);
    this.name = "AppError";
    this.userMessage = userMessage ?? USER_MESSAGES[code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Network-level failures of the database or Redis, as their clients report them. */
const DEPENDENCY_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "P1001", // Prisma: cannot reach the database server
  "P1017", // Prisma: the server closed the connection
  "P2024", // Prisma: timed out fetching a connection from the pool
]);
/**
 * PostgreSQL SQLSTATEs of a server going away or not back yet: connection exceptions (class 08),
 * administrator shutdown, crash shutdown, "starting up" / "shutting down" (57P01–57P03) and too
 * many connections. Prisma's driver adapter reports them under `meta.driverAdapterError`.
 */
const POSTGRES_DOWN_STATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// The last two: every connection stayed busy past the bounded wait (Prisma's transaction start,
// the driver pool's checkout): the database is saturated, answered like an outage (503, retry).
const DEPENDENCY_MESSAGES =
  /Unable to start a transaction in the given time|timeout exceeded when trying to connect|Connection terminated|Connection is closed|Command timed out|max retries per request|Stream isn't writeable|connection timeout|Can't reach database server|Server has closed the connection|encountered a connection error and is not queryable|\bconnect ENOENT\b/i;

/**
 * Whether `err` says a store (PostgreSQL, Redis) is unreachable rather than that the request or
 * the code is wrong: callers answer 503 and refuse (never carry on without the store).
 */
export function isDependencyDown(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, syscall, message, name, cause, meta } = e as {
      code?: unknown;
      syscall?: unknown;
      message?: unknown;
      name?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof code === "string" && (DEPENDENCY_CODES.has(code) || POSTGRES_DOWN_STATES.test(code)))
      return true;
    // The embedded database's Unix socket is gone (its serving process has stopped).
    if (code === "ENOENT" && syscall === "connect") return true;
    if (name === "MaxRetriesPerRequestError") return true;
    if (typeof message === "string" && DEPENDENCY_MESSAGES.test(message)) return true;
    e = cause ?? meta?.driverAdapterError;
  }
  return false;
}

/**
 * A store outage as the typed UNAVAILABLE error (logged here, once), or null for any other
 * failure: the one mapping behind the 503 of routes, the UNAVAILABLE of actions and sign-in.
 */
export function unavailableFrom(err: unknown, requestId: string | null): AppError | null {
  if (isAppError(err) || !isDependencyDown(err)) return null;
  logger().warn({ err: String(err), requestId }, "dependency unavailable");
  return new AppError("UNAVAILABLE", "dependency unavailable");
}
