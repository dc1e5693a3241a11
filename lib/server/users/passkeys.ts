import "server-only";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticatorTransportFuture,
} from "@simplewebauthn/server";
import { passkeyIdSchema, registerPasskeySchema, type PasskeyRow } from "@/lib/schemas/passkeys";
import { appendAudit } from "@/lib/server/audit/append";
import { mfaSatisfied } from "@/lib/policy/capabilities";
import { passkeyRequiredFor } from "@/lib/server/auth/passkeys/policy";
import {
  issueChallenge,
  isOurChallenge,
  spendChallenge,
} from "@/lib/server/auth/passkeys/challenge";
import type { RelyingParty } from "@/lib/server/auth/passkeys/relying-party";
import { requireStepUp, type Principal, type UserPrincipal } from "@/lib/server/auth/principal";
import { forgetSessionUser } from "@/lib/server/auth/session-state";
import { userTargetSchema } from "@/lib/schemas/users";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/log";
import { parseInput } from "@/lib/server/validation";
import { authorizeUserListing, requireUser } from "./authorize";

// A staff member's own passkeys: registering, listing and removing them, and using one to step
// up. (An admin's view and revocation: users/account-changes.ts; signing in: auth/login.ts.)

const rowSelect = {
  id: true,
  name: true,
  createdAt: true,
  lastUsedAt: true,
  deviceType: true,
} as const;

function toRow(p: {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  deviceType: string;
}): PasskeyRow {
  return {
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
    synced: p.deviceType === "multiDevice",
  };
}

function passkeysOf(userId: string) {
  return db()
    .passkey.findMany({ where: { userId }, select: rowSelect, orderBy: { createdAt: "asc" } })
    .then((rows) => rows.map(toRow));
}

export async function listOwnPasskeys(actor: Principal): Promise<PasskeyRow[]> {
  return passkeysOf(requireUser(actor).userId);
}

/** An admin's view of someone's passkeys (to revoke a lost one). */
export async function listUserPasskeys(actor: Principal, input: unknown): Promise<PasskeyRow[]> {
  authorizeUserListing(actor);
  return passkeysOf(parseInput(userTargetSchema, input).userId);
}

/**
 * Adding a way in is as sensitive as replacing one: it needs a fresh step-up, with a second
 * factor when the account already has one (a stolen session plus a phished password must not be
 * enough to add the attacker's passkey). An account with neither a password nor a second factor
 * (single sign-on only) adds its first one on the strength of its session.
 */
const MAX_PASSKEYS = 10;

async function requireStepUpToAdd(viewer: UserPrincipal) {
  const u = await db().user.findUniqueOrThrow({
    where: { id: viewer.userId },
    // (`passwordChangedAt` says a password was set: the hash itself is not the app's to read.)
    select: {
      totpEnabledAt: true,
      passwordChangedAt: true,
      _count: { select: { passkeys: true } },
    },
  });
  const hasSecondFactor = u.totpEnabledAt !== null || u._count.passkeys > 0;
  if (hasSecondFactor) requireStepUp(viewer, { secondFactor: true });
  else if (u.passwordChangedAt) requireStepUp(viewer);
  if (u._count.passkeys >= MAX_PASSKEYS)
    throw new AppError("CONFLICT", "too many passkeys", "Remove a passkey before adding another.");
}

/** Step 1 of adding a passkey: what the browser asks the authenticator to create. */
export async function passkeyRegistrationOptions(actor: Principal, rp: RelyingParty) {
  const viewer = requireUser(actor);
  await requireStepUpToAdd(viewer);
  const existing = await db().passkey.findMany({
    where: { userId: viewer.userId },
    select: { credentialId: true, transports: true },
  });
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: viewer.email,
    userDisplayName: viewer.name,
    // The user handle is the account id's bytes: no email or name stored on the authenticator
    // beyond the labels above, and stable, so one authenticator holds one passkey per account.
    userID: new TextEncoder().encode(viewer.userId),
    challenge: issueChallenge("register", viewer.userId),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({
      id: c.credentialId,
      transports: c.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    supportedAlgorithmIDs: [-7, -257],
    timeout: 120_000,
  });
}

/** Step 2: the authenticator's answer checked and the passkey stored (audited). */
export async function registerPasskey(
  actor: Principal,
  input: unknown,
  rp: RelyingParty,
): Promise<PasskeyRow> {
  const viewer = requireUser(actor);
  await requireStepUpToAdd(viewer);
  const { name, response } = parseInput(registerPasskeySchema, input);
  let challenge = "";
  const refused = (reason: string) => {
    logger().info({ requestId: viewer.requestId, reason }, "passkey registration refused");
    return new AppError(
      "VALIDATION",
      "passkey registration refused",
      "That passkey could not be added. Try again.",
    );
  };
  let result;
  try {
    result = await verifyRegistrationResponse({
      response,
      expectedChallenge: (c) => {
        challenge = c;
        return isOurChallenge(c, "register", viewer.userId);
      },
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (err) {
    throw refused(err instanceof Error ? err.message.slice(0, 120) : "unverifiable");
  }
  if (!result.verified || !result.registrationInfo) throw refused("not verified");
  if (!(await spendChallenge(challenge))) throw refused("challenge replayed");
  const info = result.registrationInfo;
  const row = await db().$transaction(async (tx) => {
    const taken = await tx.passkey.findUnique({ where: { credentialId: info.credential.id } });
    if (taken) throw refused("credential already registered");
    const created = await tx.passkey.create({
      data: {
        userId: viewer.userId,
        credentialId: info.credential.id,
        publicKey: new Uint8Array(info.credential.publicKey),
        counter: BigInt(info.credential.counter),
        transports: (response.response.transports ?? []).slice(0, 8),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        name,
      },
      select: rowSelect,
    });
    await appendAudit(tx, {
      actor: viewer,
      action: "user.passkey_add",
      target: { type: "user", id: viewer.userId },
    });
    return created;
  });
  forgetSessionUser(viewer.userId);
  return toRow(row);
}

/**
 * Removing one's own passkey needs a second-factor step-up, and is refused when it would leave a
 * role that must have a second factor (a passkey, while required) without one.
 */
export async function removeOwnPasskey(actor: Principal, input: unknown) {
  const viewer = requireUser(actor);
  requireStepUp(viewer, { secondFactor: true });
  const { passkeyId } = parseInput(passkeyIdSchema, input);
  const passkeyRequired = await passkeyRequiredFor(viewer.role);
  await db().$transaction(async (tx) => {
    const { count } = await tx.passkey.deleteMany({
      where: { id: passkeyId, userId: viewer.userId },
    });
    if (count === 0) throw new AppError("NOT_FOUND", `passkey ${passkeyId}`);
    const left = await tx.user.findUniqueOrThrow({
      where: { id: viewer.userId },
      select: { totpEnabledAt: true, _count: { select: { passkeys: true } } },
    });
    const stillSatisfied = mfaSatisfied(
      viewer.role,
      { totp: left.totpEnabledAt !== null, passkey: left._count.passkeys > 0 },
      passkeyRequired,
    );
    if (viewer.mfaSatisfied && !stillSatisfied)
      throw new AppError(
        "CONFLICT",
        "last required factor",
        "Your role needs a passkey: add another before removing this one.",
      );
    await appendAudit(tx, {
      actor: viewer,
      action: "user.passkey_remove",
      target: { type: "user", id: viewer.userId },
    });
  });
  forgetSessionUser(viewer.userId);
  return null;
}
