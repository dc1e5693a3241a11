import "server-only";
import { db } from "@/lib/server/db";
import { unsafeSealedTotpSecret } from "@/lib/server/secret-accessors";
import { checkTotp, hashRecoveryCode, openTotpSecret } from "./totp";

export type SecondFactor = "totp" | "recovery";

/**
 * A TOTP code (single use: its step must be newer than the last accepted one, enforced by a
 * conditional update so two concurrent uses cannot both pass) or an unused recovery code.
 */
export async function checkSecondFactor(
  user: { id: string; totpLastStep: number | null },
  code: string,
): Promise<SecondFactor | null> {
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
