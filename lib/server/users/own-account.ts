import "server-only";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

/** The signed-in user's own account facts that re-authentication needs (no secrets). */
export async function accountOf(userId: string) {
  const u = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, totpEnabledAt: true, totpLastStep: true },
  });
  if (!u) throw new AppError("UNAUTHENTICATED", "user vanished");
  return u;
}
