import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/server/errors";
import { SESSION_COOKIE } from "./cookies";
import { mfaSatisfied } from "@/lib/policy/capabilities";
import { mayOpen, type GatedPage } from "@/lib/policy/pages";
import { logger } from "@/lib/server/log";
import type { UserPrincipal } from "./principal";
import { sessionStillValid, sessionUser } from "./session-state";
import { passkeyRequiredFor } from "./passkeys/policy";
import { localSignInStanding } from "./sign-in-policy";
import { readSessionToken } from "./session-token";
import { readStepUp } from "./step-up";

/** Request facts every principal carries into audit rows. */
export async function requestContext() {
  const h = await headers();
  return {
    ip: h.get("x-veil-client-ip"),
    requestId: h.get("x-request-id"),
    userAgent: h.get("user-agent"),
  };
}

/**
 * The signed-in staff member for this request, checked against the database (disabled users,
 * bumped session versions and expired sessions get null). Cached per request.
 */
export const getViewer = cache(async (): Promise<UserPrincipal | null> => {
  const claims = await readSessionToken((await cookies()).get(SESSION_COOKIE)?.value);
  if (!claims) return null;
  const user = await sessionUser(claims.uid);
  if (!user || !sessionStillValid(claims, user)) return null;
  // A password session of a role that must now use single sign-on ends with the change.
  if (claims.via !== "sso" && (await localSignInStanding(user)) === "sso_required") return null;
  const ctx = await requestContext();
  const passkeyRequired = await passkeyRequiredFor(user.role);
  const stepUp = await readStepUp(user.id);
  // Once someone who must use a passkey has one, only a passkey step-up counts.
  const stepUpCounts =
    stepUp && (!passkeyRequired || !user.hasPasskey || stepUp.factor === "passkey");
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    stepUpAt: stepUpCounts ? stepUp.at : null,
    stepUpFactor: stepUpCounts ? stepUp.factor : null,
    mfaSatisfied: mfaSatisfied(
      user.role,
      { totp: user.totpEnabled, passkey: user.hasPasskey },
      passkeyRequired,
    ),
    ip: ctx.ip,
    requestId: ctx.requestId,
  };
});

/** For server actions and route handlers: a typed error instead of a redirect. */
export async function requireViewer(): Promise<UserPrincipal> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("UNAUTHENTICATED");
  return viewer;
}

/** For pages: signed-out visitors go to /login, staff who owe TOTP enrolment go to enrol. */
export async function viewerOrRedirect(
  opts: { allowMfaPending?: boolean } = {},
): Promise<UserPrincipal> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  if (!viewer.mfaSatisfied && !opts.allowMfaPending) redirect("/account/two-factor");
  return viewer;
}

/**
 * For pages only some roles may open (lib/policy/pages.ts): anyone else gets the portal's 404,
 * inside the shell and with a real 404 status, logged at info: a wrong turn, not a fault. The
 * page's segment layout calls it (outside the loading boundary, before anything streams) and so
 * does the page (Next renders both at once: the page must not go on to its data functions, whose
 * refusal would be logged as a failed render); once per request, so one log line.
 */
export const viewerForPage = cache(async (page: GatedPage): Promise<UserPrincipal> => {
  const viewer = await viewerOrRedirect();
  if (!mayOpen(viewer, page)) {
    const requestId = (await headers()).get("x-request-id");
    logger().info({ page, role: viewer.role, requestId }, "page not open to this role");
    notFound();
  }
  return viewer;
});
