import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { setPasswordLinkSchema, setPasswordSchema } from "@/lib/schemas/users";
import { appendAudit, recordAudit } from "@/lib/server/audit/append";
import {
  assertAnonymousRefusalsAllowed,
  countAnonymousRefusal,
} from "@/lib/server/auth/anonymous-refusals";
import { passwordProblem } from "@/lib/server/auth/password-policy";
import { hashPassword } from "@/lib/server/auth/passwords";
import type { AnonymousPrincipal } from "@/lib/server/auth/principal";
import { forgetSessionUser } from "@/lib/server/auth/session-state";
import { db, type Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";

export const INVITE_TTL_HOURS = 72;

/** Set-password links (invitations and resets) are stored as SHA-256 of the token only. */
export function hashInviteToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export function newInviteToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

/** Replaces a user's set-password links with one new link (the old ones stop working). */
export async function replaceSetPasswordLink(tx: Tx, userId: string) {
  const link = newInviteToken();
  await tx.setPasswordToken.deleteMany({ where: { userId } });
  await tx.setPasswordToken.create({
    data: {
      userId,
      tokenHash: link.tokenHash,
      expiresAt: new Date(Date.now() + INVITE_TTL_HOURS * 3600_000),
    },
  });
  return link.token;
}

const BAD_LINK = "This link is invalid or has expired. Ask your administrator for a new one.";

/** A link that can still be used: unused, unexpired, for an account that is not disabled. */
async function liveLink(token: string) {
  const record = await db().setPasswordToken.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    include: { user: { select: { email: true, disabled: true } } },
  });
  return !record || record.usedAt || record.expiresAt < new Date() || record.user.disabled
    ? null
    : record;
}

/**
 * Checks a set-password link when its page opens, so a dead link says so before anyone types a
 * password, and a live one names the account it sets. Refusals are audited like a failed redeem.
 */
export async function checkSetPasswordLink(
  input: unknown,
  ctx: { ip: string | null; requestId: string | null },
): Promise<{ email: string }> {
  const { token } = parseInput(setPasswordLinkSchema, input);
  await assertAnonymousRefusalsAllowed(ctx.ip);
  const record = await liveLink(token);
  if (!record) {
    await countAnonymousRefusal(ctx.ip, () =>
      recordAudit({
        actor: { kind: "anonymous", ...ctx },
        action: "user.set_password",
        outcome: "denied",
        detail: { stage: "check" },
      }),
    );
    throw new AppError("VALIDATION", "bad invite token", BAD_LINK);
  }
  return { email: record.user.email };
}

/** Redeems an invitation: the token works once, before it expires, then is gone. */
export async function setPasswordWithToken(
  input: unknown,
  ctx: { ip: string | null; requestId: string | null },
) {
  const { token, password } = parseInput(setPasswordSchema, input);
  const anon: AnonymousPrincipal = { kind: "anonymous", ...ctx };
  await assertAnonymousRefusalsAllowed(ctx.ip);
  const record = await liveLink(token);
  if (!record) {
    await countAnonymousRefusal(ctx.ip, () =>
      recordAudit({ actor: anon, action: "user.set_password", outcome: "denied" }),
    );
    throw new AppError("VALIDATION", "bad invite token", BAD_LINK);
  }
  const problem = passwordProblem(password, { email: record.user.email });
  if (problem) throw new AppError("VALIDATION", "weak password", problem);
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    const { count } = await tx.setPasswordToken.updateMany({
      where: { id: record.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count !== 1)
      throw new AppError("VALIDATION", "token raced", "This link has already been used.");
    await tx.user.update({
      where: { id: record.userId },
      data: { passwordHash, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
    });
    await appendAudit(tx, {
      actor: anon,
      action: "user.set_password",
      target: { type: "user", id: record.userId },
    });
  });
  forgetSessionUser(record.userId);
}
