import "server-only";
import { encode } from "next-auth/jwt";
import type { cookies } from "next/headers";
import { env } from "@/lib/env";
import { SESSION_COOKIE_OPTIONS } from "@/lib/security/route-gate";
import { SESSION_COOKIE } from "./cookies";
import { readSessionToken } from "./session-token";
import { ABSOLUTE_TIMEOUT_SECONDS } from "./session-state";

type CookieStore = Awaited<ReturnType<typeof cookies>>;

/** Re-issues the current session with a new version (after a password change), same auth time. */
export async function issueSessionCookie(
  store: CookieStore,
  userId: string,
  sessionVersion: number,
) {
  const claims = await readSessionToken(store.get(SESSION_COOKIE)?.value);
  if (!claims || claims.uid !== userId) return;
  const now = Math.floor(Date.now() / 1000);
  const maxAge = Math.max(60, claims.authTime + ABSOLUTE_TIMEOUT_SECONDS - now);
  const token = await encode({
    token: { ...claims, sub: userId, sv: sessionVersion, lastSeen: now },
    secret: env().VEIL_AUTH_SECRET!,
    maxAge,
  });
  store.set(SESSION_COOKIE, token, { ...SESSION_COOKIE_OPTIONS, maxAge });
}
