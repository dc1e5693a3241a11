import "server-only";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import type { Role } from "@/lib/generated/prisma/enums";

import { ABSOLUTE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS } from "@/lib/security/session-refresh";

export { ABSOLUTE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS };
/** How stale the per-process view of a user may be (the issue allows ≤ 5 s). */
const CACHE_MS = 3000;

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  sessionVersion: number;
  totpEnabled: boolean;
  hasPasskey: boolean;
  /** Signed-out sessions of this user that have not expired yet. */
  revokedSids: string[];
};

// One cache per process, shared by every bundle Next builds (route handlers and pages can load
// separate copies of this module): a sign-out in one must be seen at once by the others.
const globalForSessions = globalThis as unknown as {
  veilSessionUsers?: Map<string, { at: number; user: SessionUser | null }>;
};
const cache = (globalForSessions.veilSessionUsers ??= new Map());

/** The user's current account state, read through a ≤ 3 s cache (one query per user per window). */
export async function sessionUser(userId: string): Promise<SessionUser | null> {
  const hit = cache.get(userId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.user;
  const row = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      sessionVersion: true,
      totpEnabledAt: true,
      _count: { select: { passkeys: true } },
      revokedSessions: { where: { expiresAt: { gt: new Date() } }, select: { sid: true } },
    },
  });
  const user = row
    ? {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        disabled: row.disabled,
        sessionVersion: row.sessionVersion,
        totpEnabled: row.totpEnabledAt !== null,
        hasPasskey: row._count.passkeys > 0,
        revokedSids: row.revokedSessions.map((r) => r.sid),
      }
    : null;
  cache.set(userId, { at: Date.now(), user });
  if (cache.size > 10_000) cache.clear();
  return user;
}

/** Called after this process changes a user, so its own next request sees it at once. */
export function forgetSessionUser(userId: string) {
  cache.delete(userId);
}

/** `sid` names one sign-in: it survives sliding refreshes, so sign-out can revoke every copy. */
export type SessionClaims = {
  uid: string;
  sv: number;
  sid: string;
  authTime: number;
  lastSeen: number;
  /** How the session was opened: through the identity provider, or a local password. */
  via?: "sso" | "local";
};

/** Whether a session token still stands: user active, version current, within both lifetimes. */
export function sessionStillValid(
  claims: SessionClaims,
  user: SessionUser | null,
  nowSeconds = Math.floor(Date.now() / 1000),
) {
  return Boolean(
    user &&
    !user.disabled &&
    user.sessionVersion === claims.sv &&
    typeof claims.sid === "string" &&
    !user.revokedSids.includes(claims.sid) &&
    nowSeconds - claims.authTime <= ABSOLUTE_TIMEOUT_SECONDS &&
    nowSeconds - claims.lastSeen <= IDLE_TIMEOUT_SECONDS,
  );
}

/** Sign-out: this session's token (and every refreshed copy) stops working on every instance. */
export async function revokeSession(claims: Pick<SessionClaims, "uid" | "sid" | "authTime">) {
  if (typeof claims.sid !== "string" || !/^[0-9a-f-]{36}$/i.test(claims.sid)) return;
  const expiresAt = new Date((claims.authTime + ABSOLUTE_TIMEOUT_SECONDS) * 1000);
  await db().$transaction([
    db().revokedSession.deleteMany({
      where: { userId: claims.uid, expiresAt: { lte: new Date() } },
    }),
    db().revokedSession.upsert({
      where: { sid: claims.sid },
      create: { sid: claims.sid, userId: claims.uid, expiresAt },
      update: {},
    }),
  ]);
  forgetSessionUser(claims.uid);
  logger().info({ userId: claims.uid }, "session signed out");
}
