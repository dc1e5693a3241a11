"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/server/http/action";
import {
  changeUserRole,
  createUser,
  reissueInvite,
  resetUserPassword,
  resetUserTwoFactor,
  listUserPasskeys,
  revokeUserPasskey,
  setUserDisabled,
  signOutUserEverywhere,
} from "@/lib/server/users/admin";

// Thin: the data layer parses the input and checks ADMIN + step-up itself.
export async function createUserAction(input: unknown) {
  const r = await runAction((viewer) => createUser(viewer, input));
  revalidatePath("/admin/users");
  return r;
}

export async function changeRoleAction(input: { userId: string; role: string }) {
  const r = await runAction((viewer) => changeUserRole(viewer, input));
  revalidatePath("/admin/users");
  return r;
}

export async function setDisabledAction(input: { userId: string; disabled: boolean }) {
  const r = await runAction((viewer) => setUserDisabled(viewer, input));
  revalidatePath("/admin/users");
  return r;
}

export async function resetTwoFactorAction(input: { userId: string }) {
  const r = await runAction((viewer) => resetUserTwoFactor(viewer, input));
  revalidatePath("/admin/users");
  return r;
}

export async function signOutEverywhereAction(input: { userId: string }) {
  return runAction((viewer) => signOutUserEverywhere(viewer, input));
}

export async function resetPasswordAction(input: { userId: string }) {
  const r = await runAction((viewer) => resetUserPassword(viewer, input));
  revalidatePath("/admin/users");
  return r;
}

export async function reissueInviteAction(input: { userId: string }) {
  return runAction((viewer) => reissueInvite(viewer, input));
}

export async function listUserPasskeysAction(input: { userId: string }) {
  return runAction((viewer) => listUserPasskeys(viewer, input));
}

export async function revokePasskeyAction(input: { userId: string; passkeyId: string }) {
  const r = await runAction((viewer) => revokeUserPasskey(viewer, input));
  revalidatePath("/admin/users");
  return r;
}
