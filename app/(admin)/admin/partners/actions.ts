"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/server/http/action";
import {
  changePartnerSharing,
  createPartner,
  rotatePartnerSecret,
  setPartnerDisabled,
} from "@/lib/server/partners";

// Thin: the data layer parses the input and checks partners.manage + step-up itself.
export async function createPartnerAction(input: unknown) {
  const r = await runAction(async (viewer) => {
    const { clientId, clientSecret, partner } = await createPartner(viewer, input);
    return { clientId, clientSecret, name: partner.name };
  });
  revalidatePath("/admin/partners");
  return r;
}

export async function rotateSecretAction(input: { partnerId: string; overlapMinutes: number }) {
  return runAction((viewer) => rotatePartnerSecret(viewer, input));
}

export async function setPartnerDisabledAction(input: { partnerId: string; disabled: boolean }) {
  const r = await runAction(async (viewer) => {
    await setPartnerDisabled(viewer, input);
    return { disabled: input.disabled };
  });
  revalidatePath("/admin/partners");
  return r;
}

export async function changeSharingAction(input: unknown) {
  const r = await runAction((viewer) => changePartnerSharing(viewer, input));
  revalidatePath("/admin/partners");
  return r;
}
