// Sliding idle timeout for the session cookie, applied by middleware: a valid token whose
// `lastSeen` is over a minute old is re-issued with a fresh one. It never revives an expired or
// revoked session (the data layer checks those on every request) and never moves `authTime`.
import { decode, encode } from "next-auth/jwt";

export const IDLE_TIMEOUT_SECONDS = 30 * 60;
export const ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60;
const TOUCH_AFTER_SECONDS = 60;

export async function refreshedSessionToken(
  token: string | undefined,
  secret: string,
  now = Math.floor(Date.now() / 1000),
): Promise<string | null> {
  if (!token || token.length > 8192) return null;
  let claims: Record<string, unknown> | null;
  try {
    claims = (await decode({ token, secret })) as Record<string, unknown> | null;
  } catch {
    return null;
  }
  const lastSeen = Number(claims?.lastSeen);
  const authTime = Number(claims?.authTime);
  if (!claims || !Number.isFinite(lastSeen) || !Number.isFinite(authTime)) return null;
  if (now - lastSeen > IDLE_TIMEOUT_SECONDS || now - authTime > ABSOLUTE_TIMEOUT_SECONDS)
    return null;
  if (now - lastSeen < TOUCH_AFTER_SECONDS) return null;
  return encode({
    token: { ...claims, lastSeen: now },
    secret,
    maxAge: Math.max(60, authTime + ABSOLUTE_TIMEOUT_SECONDS - now),
  });
}
