import "server-only";

import type { ActionErrorCode, InputIssue } from "@/lib/schemas/action";

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
