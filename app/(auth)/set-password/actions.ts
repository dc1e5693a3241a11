"use server";
import { headers } from "next/headers";
import type { ActionResult } from "@/lib/schemas/action";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { AppError } from "@/lib/server/errors";
import { toActionFailure } from "@/lib/server/http/action";
import { setPasswordWithToken } from "@/lib/server/users/invitations";

export async function setPasswordAction(input: {
  token: string;
  password: string;
  confirm: string;
}): Promise<ActionResult<null>> {
  const h = await headers();
  try {
    if (isCrossSiteWrite("POST", h)) throw new AppError("FORBIDDEN", "cross-site");
    await setPasswordWithToken(input, {
      ip: h.get("x-veil-client-ip"),
      requestId: h.get("x-request-id"),
    });
    return { ok: true, data: null };
  } catch (err) {
    return toActionFailure(err, h.get("x-request-id"));
  }
}
