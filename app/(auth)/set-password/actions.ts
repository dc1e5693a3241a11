"use server";
import { headers } from "next/headers";
import type { ActionResult } from "@/lib/schemas/action";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { AppError } from "@/lib/server/errors";
import { toActionFailure } from "@/lib/server/http/action";
import { checkSetPasswordLink, setPasswordWithToken } from "@/lib/server/users/invitations";

/** These run before sign-in, so they check the origin themselves (no session to lean on). */
async function anonymousAction<T>(
  run: (ctx: { ip: string | null; requestId: string | null }) => Promise<T>,
): Promise<ActionResult<T>> {
  const h = await headers();
  try {
    if (isCrossSiteWrite("POST", h)) throw new AppError("FORBIDDEN", "cross-site");
    const data = await run({ ip: h.get("x-veil-client-ip"), requestId: h.get("x-request-id") });
    return { ok: true, data };
  } catch (err) {
    return toActionFailure(err, h.get("x-request-id"));
  }
}

export async function checkSetPasswordLinkAction(input: { token: string }) {
  return anonymousAction((ctx) => checkSetPasswordLink(input, ctx));
}

export async function setPasswordAction(input: {
  token: string;
  password: string;
  confirm: string;
}) {
  return anonymousAction(async (ctx) => {
    await setPasswordWithToken(input, ctx);
    return null;
  });
}
