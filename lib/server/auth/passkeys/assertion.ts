import "server-only";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
} from "@simplewebauthn/server";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { issueChallenge, isOurChallenge, spendChallenge, type CeremonyPurpose } from "./challenge";
import type { RelyingParty } from "./relying-party";

type AssertionPurpose = Exclude<CeremonyPurpose, "register">;

/**
 * What the browser needs to ask an authenticator. At sign-in no credentials are listed (the
 * account is not known yet, and listing them would say whether an email has passkeys): the
 * browser offers the passkeys it holds for this site. At step-up, the user's own, and the
 * authenticator must verify the person (PIN or biometric), not only their presence.
 */
export async function assertionOptions(
  purpose: AssertionPurpose,
  userId: string | null,
  rp: RelyingParty,
) {
  const mine =
    purpose === "step-up" && userId
      ? await db().passkey.findMany({
          where: { userId },
          select: { credentialId: true, transports: true },
        })
      : [];
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: issueChallenge(purpose, purpose === "sign-in" ? "" : (userId ?? "")),
    allowCredentials: mine.map((c) => ({
      id: c.credentialId,
      transports: c.transports as AuthenticatorTransportFuture[],
    })),
    userVerification: purpose === "step-up" ? "required" : "preferred",
    timeout: 120_000,
  });
}

/**
 * Checks a passkey's answer for this user: a credential of theirs, signed over a challenge we
 * issued for this purpose and not used before, from our origin and RP ID, with a counter that
 * moved on (a clone's would not) and the same backup eligibility it was registered with. Step-up
 * also needs user verification. Returns the passkey's id, or null (the reason is logged).
 */
export async function verifyPasskeyAssertion(
  purpose: AssertionPurpose,
  userId: string,
  response: AuthenticationResponseJSON,
  rp: RelyingParty,
): Promise<string | null> {
  const key = await db().passkey.findUnique({ where: { credentialId: response.id } });
  if (!key || key.userId !== userId) return refused("unknown credential");
  let challenge = "";
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (c) => {
        challenge = c;
        return isOurChallenge(c, purpose, purpose === "sign-in" ? "" : userId);
      },
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: key.credentialId,
        publicKey: new Uint8Array(key.publicKey),
        counter: Number(key.counter),
        transports: key.transports as AuthenticatorTransportFuture[],
      },
      requireUserVerification: purpose === "step-up",
    });
  } catch (err) {
    return refused(err instanceof Error ? err.message.slice(0, 120) : "unverifiable");
  }
  if (!result.verified) return refused("signature");
  const info = result.authenticationInfo;
  if (info.credentialDeviceType !== key.deviceType) return refused("backup eligibility changed");
  if (!(await spendChallenge(challenge))) return refused("challenge replayed");
  // Conditional on the counter read: of two answers racing with one counter, one wins.
  const { count } = await db().passkey.updateMany({
    where: { id: key.id, counter: key.counter },
    data: {
      counter: BigInt(info.newCounter),
      backedUp: info.credentialBackedUp,
      lastUsedAt: new Date(),
    },
  });
  return count === 1 ? key.id : refused("counter raced");
}

function refused(reason: string): null {
  logger().info({ reason }, "passkey answer refused");
  return null;
}
