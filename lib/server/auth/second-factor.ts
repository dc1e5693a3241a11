import "server-only";
import { db } from "@/lib/server/db";
import { unsafeSealedTotpSecret } from "@/lib/server/secret-accessors";
import { passkeyFieldSchema } from "@/lib/schemas/passkeys";
import { verifyPasskeyAssertion } from "./passkeys/assertion";
import { passkeyRequiredFor } from "./passkeys/policy";
import type { RelyingParty } from "./passkeys/relying-party";
import { checkTotp, hashRecoveryCode, openTotpSecret } from "./totp";

export type SecondFactor = "totp" | "recovery" | "passkey";

/**
 * A TOTP code (single use: its step must be newer than the last accepted one, enforced by a
 * conditional update so two concurrent uses cannot both pass) or an unused recovery code.
 */
export async function checkSecondFactor(
  user: { id: string; totpLastStep: number | null },
  code: string,
): Promise<"totp" | "recovery" | null> {
  if (/^\d{6}$/.test(code)) {
    const sealed = await unsafeSealedTotpSecret(db(), user.id);
    if (!sealed) return null;
    const step = await checkTotp(openTotpSecret(sealed, user.id), code, user.totpLastStep);
    if (step === null) return null;
    const { count } = await db().user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1 ? "totp" : null;
  }
  const { count } = await db().recoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1 ? "recovery" : null;
}

/**
 * The second step of a password sign-in, once the password is right: the factor it proved (null
 * when the account has none), "bad" for a wrong answer, or what to ask for. An account with a
 * passkey is asked for it first; a TOTP code still works for it unless its role must use
 * passkeys (then only a passkey signs in: phishing-resistant is the point).
 */
export async function checkLoginSecondFactor(
  user: { id: string; role: string; totpEnabledAt: Date | null; totpLastStep: number | null },
  given: { totp?: string; passkey?: string },
  rp: () => Promise<RelyingParty>,
): Promise<
  SecondFactor | null | "bad" | { ask: "TOTP_REQUIRED" | "PASSKEY_REQUIRED" | "PASSKEY_OR_TOTP" }
> {
  const hasPasskey = (await db().passkey.count({ where: { userId: user.id } })) > 0;
  const totpAllowed =
    user.totpEnabledAt !== null && !(hasPasskey && (await passkeyRequiredFor(user.role)));
  if (hasPasskey && given.passkey) {
    const answer = passkeyFieldSchema.safeParse(given.passkey);
    if (!answer.success) return "bad";
    const used = await verifyPasskeyAssertion("sign-in", user.id, answer.data, await rp());
    return used ? "passkey" : "bad";
  }
  if (totpAllowed && given.totp) return (await checkSecondFactor(user, given.totp)) ?? "bad";
  if (hasPasskey) return { ask: totpAllowed ? "PASSKEY_OR_TOTP" : "PASSKEY_REQUIRED" };
  if (user.totpEnabledAt) return { ask: "TOTP_REQUIRED" };
  return null;
}
