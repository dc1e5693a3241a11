import "server-only";
import { audited } from "@/lib/server/audit/append";
import { requireStepUp, type Principal } from "@/lib/server/auth/principal";
import { hashRecoveryCode, newRecoveryCodes } from "@/lib/server/auth/totp";
import { requireUser } from "./authorize";

export async function regenerateRecoveryCodes(
  actor: Principal,
): Promise<{ recoveryCodes: string[] }> {
  const viewer = requireUser(actor);
  // New recovery codes are a second factor: only the current second factor may mint them.
  requireStepUp(viewer, { secondFactor: true });
  const codes = newRecoveryCodes();
  await audited(
    {
      actor: viewer,
      action: "user.recovery_codes_regenerate",
      target: { type: "user", id: viewer.userId },
    },
    async (tx) => {
      await tx.recoveryCode.deleteMany({ where: { userId: viewer.userId } });
      await tx.recoveryCode.createMany({
        data: codes.map((c) => ({ userId: viewer.userId, codeHash: hashRecoveryCode(c) })),
      });
    },
  );
  return { recoveryCodes: codes };
}
