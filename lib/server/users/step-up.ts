import "server-only";
import { passkeyStepUpSchema } from "@/lib/schemas/passkeys";
import { stepUpSchema } from "@/lib/schemas/users";
import { assertionOptions, verifyPasskeyAssertion } from "@/lib/server/auth/passkeys/assertion";
import type { RelyingParty } from "@/lib/server/auth/passkeys/relying-party";
import { recordAudit } from "@/lib/server/audit/append";
import { verifyPassword } from "@/lib/server/auth/passwords";
import type { Principal, StepUpFactor } from "@/lib/server/auth/principal";
import { withReauthAttempt } from "@/lib/server/auth/reauth-limit";
import { passkeyRequiredFor } from "@/lib/server/auth/passkeys/policy";
import { checkSecondFactor } from "@/lib/server/auth/second-factor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { requireUser } from "./authorize";
import { accountOf } from "./own-account";

/** Someone whose role must use passkeys, holding one: a password or code does not step up. */
async function mustUsePasskey(viewer: { userId: string; role: string }) {
  return (
    (await passkeyRequiredFor(viewer.role)) &&
    (await db().passkey.count({ where: { userId: viewer.userId } })) > 0
  );
}

const RECOVERY_CODE = /^[a-z0-9]{5}-?[a-z0-9]{5}$/i;

// Re-authentication for step-up: a password or code (verifyStepUp), or a passkey.

/**
 * Re-authentication for step-up: the account password, a TOTP code, or a recovery code. Returns
 * which factor it was; a few failures end the session (see reauth-limit).
 */
export async function verifyStepUp(
  actor: Principal,
  input: unknown,
): Promise<{ factor: StepUpFactor }> {
  const viewer = requireUser(actor);
  const { secret } = parseInput(stepUpSchema, input);
  if (await mustUsePasskey(viewer))
    throw new AppError(
      "VALIDATION",
      "step-up needs a passkey",
      "Your role confirms with a passkey: use your passkey.",
    );
  const factor = await withReauthAttempt(viewer, async () => {
    const u = await accountOf(viewer.userId);
    let used: StepUpFactor | null = null;
    if (u.totpEnabledAt && (/^\d{6}$/.test(secret) || RECOVERY_CODE.test(secret))) {
      used = await checkSecondFactor(u, secret);
    } else if (await verifyPassword(secret, u.id)) {
      used = "password";
    }
    await recordAudit({
      actor: viewer,
      action: "auth.step_up",
      target: { type: "user", id: viewer.userId },
      outcome: used ? "success" : "failure",
      detail: used ? { factor: used } : {},
    });
    return used;
  });
  if (!factor) {
    throw new AppError("VALIDATION", "step-up failed", "That password or code is not right.");
  }
  return { factor };
}

/**
 * What the browser asks the authenticator for a step-up (the user's own passkeys, verified), and
 * whether only a passkey will do; null when the user has none.
 */
export async function passkeyStepUpOptions(actor: Principal, rp: RelyingParty) {
  const viewer = requireUser(actor);
  const count = await db().passkey.count({ where: { userId: viewer.userId } });
  if (!count) return null;
  return {
    options: await assertionOptions("step-up", viewer.userId, rp),
    passkeyOnly: await passkeyRequiredFor(viewer.role),
  };
}

/**
 * Step-up with a passkey (user verification required). Failures count towards the step-up
 * lockout like a wrong password, and every attempt is audited.
 */
export async function verifyPasskeyStepUp(actor: Principal, input: unknown, rp: RelyingParty) {
  const viewer = requireUser(actor);
  const { response } = parseInput(passkeyStepUpSchema, input);
  const ok = await withReauthAttempt(viewer, async () => {
    const used = await verifyPasskeyAssertion("step-up", viewer.userId, response, rp);
    await recordAudit({
      actor: viewer,
      action: "auth.step_up",
      target: { type: "user", id: viewer.userId },
      outcome: used ? "success" : "failure",
      detail: used ? { factor: "passkey" } : {},
    });
    return used;
  });
  if (!ok)
    throw new AppError("VALIDATION", "passkey step-up failed", "That passkey was not accepted.");
  return { factor: "passkey" as const };
}
