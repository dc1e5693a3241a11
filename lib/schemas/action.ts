// The result every server action returns to the browser: data, or a typed generic failure.
export type ActionErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "STEP_UP_REQUIRED"
  | "MFA_REQUIRED"
  | "TOO_LARGE"
  | "UNSUPPORTED_MEDIA"
  | "UNAVAILABLE"
  | "INTERNAL";

/** One problem with one input field: where, and what to fix (never the value). */
export type InputIssue = { path: string; message: string };

export type ActionResult<T = null> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: ActionErrorCode;
      message: string;
      errorId?: string;
      /** Every invalid field, for forms and API clients (validation failures only). */
      issues?: InputIssue[];
    };
