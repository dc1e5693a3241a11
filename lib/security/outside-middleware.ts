// Requests the middleware never sees (its matcher in middleware.ts; a unit test keeps the two in
// step). Their route wrappers run the same request guard themselves (`guardedHere`):
// - the partner API: bearer-token calls need none of the page machinery the middleware adds
//   (CSP nonce forwarding, the session cookie's sliding refresh, the portal redirect), and
//   passing through it cost about as much server time as a whole empty route;
// - the Data Mirror's streamed upload, which the middleware would buffer in memory.

const PARTNER_API_PREFIX = "/api/v1/";
const MIRROR_UPLOAD = "/api/mirror/run";

/** Partner API paths: bearer tokens, never cookies, so the cross-site write rule does not apply. */
export const isPartnerApiPath = (pathname: string) => pathname.startsWith(PARTNER_API_PREFIX);

/**
 * Paths the middleware does not see. A partner path with a percent-escape is still seen (Next's
 * router fails on an undecodable one before any route runs); its route guards itself anyway.
 */
export const isOutsideMiddleware = (pathname: string) =>
  (isPartnerApiPath(pathname) && !pathname.includes("%")) || pathname === MIRROR_UPLOAD;
