import "server-only";
import { requiresTotp } from "@/lib/policy/capabilities";
import type { Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { requireUser } from "./authorize";
import { listOwnPasskeys } from "./passkeys";
import { passkeyRequiredFor } from "@/lib/server/auth/passkeys/policy";

export async function accountOverview(actor: Principal) {
  const viewer = requireUser(actor);
  const [user, signIns, unusedCodes, passkeys, passkeyRequired] = await Promise.all([
    db().user.findUnique({
      where: { id: viewer.userId },
      select: {
        email: true,
        name: true,
        role: true,
        totpEnabledAt: true,
        totpResetAt: true,
        passwordChangedAt: true,
        passwordResetAt: true,
      },
    }),
    db().signInEvent.findMany({
      where: { userId: viewer.userId },
      orderBy: { at: "desc" },
      take: 10,
      select: { id: true, at: true, ip: true, userAgent: true, outcome: true },
    }),
    db().recoveryCode.count({ where: { userId: viewer.userId, usedAt: null } }),
    listOwnPasskeys(viewer),
    passkeyRequiredFor(viewer.role),
  ]);
  if (!user) throw new AppError("UNAUTHENTICATED", "user vanished");
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    twoFactor: user.totpEnabledAt !== null,
    /** Set while an admin's reset of the second factor waits for the user to enrol again. */
    twoFactorResetAt: user.totpResetAt?.toISOString() ?? null,
    twoFactorRequired: requiresTotp(user.role),
    passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
    passwordResetAt: user.passwordResetAt?.toISOString() ?? null,
    unusedRecoveryCodes: unusedCodes,
    passkeys,
    /** Whether this role must use a passkey (an admin's setting), not a TOTP code. */
    passkeyRequired,
    signIns: signIns.map((s) => ({
      id: s.id,
      at: s.at.toISOString(),
      ip: s.ip,
      device: s.userAgent ? summariseAgent(s.userAgent) : "Unknown",
      outcome: s.outcome,
    })),
  };
}

function summariseAgent(ua: string) {
  const browser = /Firefox\//.test(ua)
    ? "Firefox"
    : /Edg\//.test(ua)
      ? "Edge"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X/.test(ua)
      ? "macOS"
      : /Android/.test(ua)
        ? "Android"
        : /iPhone|iPad/.test(ua)
          ? "iOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}
