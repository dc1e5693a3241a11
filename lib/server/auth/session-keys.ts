import "server-only";
import { hkdfSync } from "node:crypto";
import { env } from "@/lib/env";

/** Every use of VEIL_SESSION_SECRET gets its own key: a leak or misuse in one stays in one. */
export type SessionKeyPurpose =
  | "totp-secret-sealing"
  | "step-up-cookie"
  | "altcha"
  | "token-signing-key-sealing"
  | "search-handle"
  | "webauthn-challenge";

// Salt "veil" and the purpose as info: the TOTP sealing key is the one Veil always derived, so
// existing enrolments keep opening.
function derive(secret: string, purpose: SessionKeyPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "veil", purpose, 32));
}

/**
 * The keys for one purpose, newest first: from VEIL_SESSION_SECRET, then (during a rotation)
 * from VEIL_SESSION_SECRET_PREVIOUS. Seal with the first; accept any.
 */
export function sessionKeys(purpose: SessionKeyPurpose): Buffer[] {
  const e = env();
  return [e.VEIL_SESSION_SECRET!, e.VEIL_SESSION_SECRET_PREVIOUS]
    .filter((s): s is string => Boolean(s))
    .map((s) => derive(s, purpose));
}
