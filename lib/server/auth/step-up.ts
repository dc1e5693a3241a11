import "server-only";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { STEP_UP_COOKIE } from "./cookies";
import { STEP_UP_WINDOW_MS } from "./principal";

type StepUpState = { userId?: string; at?: number };

async function stepUpSession() {
  return getIronSession<StepUpState>(await cookies(), {
    password: env().VEIL_SESSION_SECRET!,
    cookieName: STEP_UP_COOKIE,
    ttl: STEP_UP_WINDOW_MS / 1000,
    cookieOptions: { httpOnly: true, secure: true, sameSite: "strict", path: "/" },
  });
}

/** When this user last proved themselves again (sealed cookie, bound to the user id). */
export async function readStepUp(userId: string): Promise<number | null> {
  const s = await stepUpSession();
  return s.userId === userId && typeof s.at === "number" ? s.at : null;
}

export async function markSteppedUp(userId: string) {
  const s = await stepUpSession();
  s.userId = userId;
  s.at = Date.now();
  await s.save();
}
