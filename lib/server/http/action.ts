import "server-only";
import { withRequestContext } from "@/lib/server/request-context";
import { headers } from "next/headers";
import { isCrossSiteWrite } from "@/lib/security/origin";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { requireViewer } from "@/lib/server/auth/viewer";
import type { ActionResult } from "@/lib/schemas/action";
import { AppError, isAppError, unavailableFrom } from "@/lib/server/errors";
import { logUnexpected } from "@/lib/server/log";

export type { ActionResult };

/** Maps a failure to what the browser may see: typed and generic, details only in the log. */
export function toActionFailure(failure: unknown, requestId: string | null): ActionResult<never> {
  const err = unavailableFrom(failure, requestId) ?? failure;
  if (isAppError(err))
    return {
      ok: false,
      code: err.code,
      message: err.userMessage,
      ...(err.issues ? { issues: err.issues } : {}),
    };
  const errorId = logUnexpected(err, requestId, "action failed");
  return { ok: false, code: "INTERNAL", message: "Something went wrong. Try again.", errorId };
}

/**
 * Every server action goes through here: our own same-origin check on top of Next's, the
 * signed-in viewer (checked against the database), and a typed result instead of a throw.
 */
export async function runAction<T>(
  fn: (viewer: UserPrincipal) => Promise<T>,
): Promise<ActionResult<T>> {
  const h = await headers();
  return withRequestContext(h.get("x-request-id"), async () => {
    try {
      if (isCrossSiteWrite("POST", h)) throw new AppError("FORBIDDEN", "cross-site action");
      const viewer = await requireViewer();
      return { ok: true as const, data: await fn(viewer) };
    } catch (err) {
      return toActionFailure(err, h.get("x-request-id"));
    }
  });
}
