"use server";
import { revalidatePath } from "next/cache";
import { setPasskeysRequired } from "@/lib/server/auth/passkeys/policy";
import { setSsoRequiredRoles } from "@/lib/server/auth/sign-in-policy";
import { runAction } from "@/lib/server/http/action";
import { createScimToken, revokeScimToken } from "@/lib/server/scim/tokens";

// Thin: the data layer parses the input and checks users.manage + step-up itself.
export async function setSsoRequiredAction(input: unknown) {
  const r = await runAction((viewer) => setSsoRequiredRoles(viewer, input));
  revalidatePath("/admin/sign-in");
  return r;
}

export async function createScimTokenAction(input: unknown) {
  const r = await runAction((viewer) => createScimToken(viewer, input));
  revalidatePath("/admin/sign-in");
  return r;
}

export async function revokeScimTokenAction(input: { tokenId: string }) {
  const r = await runAction(async (viewer) => {
    await revokeScimToken(viewer, input);
    return { revoked: true };
  });
  revalidatePath("/admin/sign-in");
  return r;
}

export async function setPasskeysRequiredAction(input: unknown) {
  const r = await runAction((viewer) => setPasskeysRequired(viewer, input));
  revalidatePath("/admin/sign-in");
  return r;
}
