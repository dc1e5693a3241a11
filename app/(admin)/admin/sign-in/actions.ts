"use server";
import { revalidatePath } from "next/cache";
import { setSsoRequiredRoles } from "@/lib/server/auth/sign-in-policy";
import { runAction } from "@/lib/server/http/action";

// Thin: the data layer parses the input and checks users.manage + step-up itself.
export async function setSsoRequiredAction(input: unknown) {
  const r = await runAction((viewer) => setSsoRequiredRoles(viewer, input));
  revalidatePath("/admin/sign-in");
  return r;
}
