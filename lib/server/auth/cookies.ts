import "server-only";

// `__Host-` cookies: Secure, Path=/, no Domain, so no subdomain or plain-http page can set or
// read them. Browsers treat http://localhost as secure, so this holds on the quick start too.
export { SESSION_COOKIE_NAME as SESSION_COOKIE } from "@/lib/security/route-gate";
export const STEP_UP_COOKIE = "__Host-veil.stepup";
