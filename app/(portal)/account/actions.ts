"use server";
import { cookies } from "next/headers";
import { markSteppedUp } from "@/lib/server/auth/step-up";
import { runAction } from "@/lib/server/http/action";
import { issueSessionCookie } from "@/lib/server/auth/session-cookie";
import { changeOwnPassword } from "@/lib/server/users/password";
import { regenerateRecoveryCodes } from "@/lib/server/users/recovery-codes";
import {
  passkeyStepUpOptions,
  verifyPasskeyStepUp,
  verifyStepUp,
} from "@/lib/server/users/step-up";
import { relyingParty } from "@/lib/server/auth/passkeys/relying-party";
import {
  passkeyRegistrationOptions,
  registerPasskey,
  removeOwnPasskey,
} from "@/lib/server/users/passkeys";
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableOwnTotp,
} from "@/lib/server/users/two-factor";

export async function stepUpAction(input: { secret: string }) {
  return runAction(async (viewer) => {
    const { factor } = await verifyStepUp(viewer, input);
    await markSteppedUp(viewer.userId, factor);
    return null;
  });
}

export async function changePasswordAction(input: {
  current: string;
  next: string;
  confirm: string;
}) {
  return runAction(async (viewer) => {
    const { sessionVersion } = await changeOwnPassword(viewer, input);
    // Other sessions end (their version is stale); this one continues with the new version.
    await issueSessionCookie(await cookies(), viewer.userId, sessionVersion);
    return null;
  });
}

export async function beginTotpAction() {
  return runAction((viewer) => beginTotpEnrolment(viewer));
}

export async function confirmTotpAction(input: { pending: string; code: string }) {
  return runAction(async (viewer) => {
    const { recoveryCodes, sessionVersion } = await confirmTotpEnrolment(viewer, input);
    // A re-enrolment ends other sessions; this one continues with the new version.
    await issueSessionCookie(await cookies(), viewer.userId, sessionVersion);
    return { recoveryCodes };
  });
}

export async function regenerateRecoveryCodesAction() {
  return runAction((viewer) => regenerateRecoveryCodes(viewer));
}

export async function disableTotpAction() {
  return runAction(async (viewer) => {
    await disableOwnTotp(viewer);
    return null;
  });
}

export async function passkeyStepUpOptionsAction() {
  return runAction(async (viewer) => passkeyStepUpOptions(viewer, await relyingParty()));
}

export async function passkeyStepUpAction(input: { response: unknown }) {
  return runAction(async (viewer) => {
    const { factor } = await verifyPasskeyStepUp(viewer, input, await relyingParty());
    await markSteppedUp(viewer.userId, factor);
    return null;
  });
}

export async function passkeyRegistrationOptionsAction() {
  return runAction(async (viewer) => passkeyRegistrationOptions(viewer, await relyingParty()));
}

export async function registerPasskeyAction(input: { name: string; response: unknown }) {
  return runAction(async (viewer) => registerPasskey(viewer, input, await relyingParty()));
}

export async function removePasskeyAction(input: { passkeyId: string }) {
  return runAction((viewer) => removeOwnPasskey(viewer, input));
}
