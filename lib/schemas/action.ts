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
  | "INTERNAL";

export type ActionResult<T = null> =
  { ok: true; data: T } | { ok: false; code: ActionErrorCode; message: string; errorId?: string };
