import "server-only";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { STEP_UP_COOKIE } from "./cookies";
import { STEP_UP_WINDOW_MS, type StepUpFactor } from "./principal";
import { sessionKeys } from "./session-keys";

type StepUpState = { userId?: string; at?: number; factor?: StepUpFactor };

/** iron-session seals with the highest-numbered password and opens with any (key rotation). */
function passwords(): Record<string, string> {
  const [current, previous] = sessionKeys("step-up-cookie").map((k) => k.toString("hex"));
  return previous ? { 1: previous, 2: current! } : { 2: current! };
}

async function stepUpSession() {
  return getIronSession<StepUpState>(await cookies(), {
    password: passwords(),
    cookieName: STEP_UP_COOKIE,
    ttl: STEP_UP_WINDOW_MS / 1000,
    cookieOptions: { httpOnly: true, secure: true, sameSite: "strict", path: "/" },
  });
}

/** When and how this user last proved themselves again (sealed cookie, bound to the user id). */
export async function readStepUp(
  userId: string,
): Promise<{ at: number; factor: StepUpFactor } | null> {
  const s = await stepUpSession();
  return s.userId === userId && typeof s.at === "number"
    ? { at: s.at, factor: s.factor ?? "password" }
    : null;
}

export async function markSteppedUp(userId: string, factor: StepUpFactor) {
  const s = await stepUpSession();
  s.userId = userId;
  s.at = Date.now();
  s.factor = factor;
  await s.save();
}
