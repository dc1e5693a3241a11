import "server-only";
import { env } from "@/lib/env";

// How many bytes of a request body Veil ever reads, per kind of request: the one home for these
// numbers. Route handlers read through `readBoundedBytes` (json-body.ts), which stops at the limit
// whatever the client declared; the production server's pre-Next hook refuses a declared
// Content-Length past the ceiling before a byte of the body is read (before-next.ts).

/** OAuth token and revocation forms (RFC 6749 bodies are a few hundred bytes). */
export const MAX_FORM_BYTES = 4 * 1024;
/** Every JSON body Veil accepts is small; the partner API's contract promises 64 KB. */
export const MAX_JSON_BYTES = 64 * 1024;
/** next-auth's sign-in forms. */
export const MAX_AUTH_FORM_BYTES = 16 * 1024;
/** Server actions: next.config.mjs sets Next's own `bodySizeLimit` (and the proxy's) to 1 MB. */
export const MAX_ACTION_BYTES = 1024 * 1024;
/** The Data Mirror's preview: the first bytes of a file (the browser slices it). */
export const MIRROR_PREVIEW_BYTES = 256 * 1024;

/** The most body bytes a request to `pathname` may carry (a declared length past it is refused). */
export function bodyCeiling(pathname: string, headers: { get(name: string): string | null }) {
  if (pathname === "/api/mirror/run") return env().VEIL_MIRROR_MAX_BYTES;
  if (pathname === "/api/mirror/preview") return MIRROR_PREVIEW_BYTES;
  if (pathname.startsWith("/api/auth/")) return MAX_AUTH_FORM_BYTES;
  if (pathname.startsWith("/api/v1/oauth/")) return MAX_FORM_BYTES;
  if (pathname.startsWith("/api/")) return MAX_JSON_BYTES;
  // Pages take bodies only as server actions.
  return headers.get("next-action") ? MAX_ACTION_BYTES : MAX_JSON_BYTES;
}
