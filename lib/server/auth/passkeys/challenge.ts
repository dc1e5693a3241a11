import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { store } from "@/lib/server/store";
import { sessionKeys } from "../session-keys";

// WebAuthn challenges without server state until one is used: each is random bytes, an expiry
// and a MAC over both with what it is for (sign-in, step-up or registering) and whose it is.
// Issuing one writes nothing (an anonymous caller cannot fill the store by asking); using one
// records it as spent until it expires, so an answer signed over it is accepted once.

export type CeremonyPurpose = "sign-in" | "step-up" | "register";

const TTL_SECONDS = 5 * 60;
const NONCE = 16;
const EXPIRY = 4;
const MAC = 16;

function mac(key: Buffer, purpose: CeremonyPurpose, subject: string, body: Buffer) {
  return createHmac("sha256", key)
    .update(`${purpose}\n${subject}\n`)
    .update(body)
    .digest()
    .subarray(0, MAC);
}

/**
 * A fresh challenge for `purpose`, bound to `subject` (the user id; "" at sign-in, where the
 * account is known from the password typed with the answer, not from the challenge).
 */
export function issueChallenge(purpose: CeremonyPurpose, subject: string, now = Date.now()) {
  const body = Buffer.alloc(NONCE + EXPIRY);
  randomBytes(NONCE).copy(body);
  body.writeUInt32BE(Math.floor(now / 1000) + TTL_SECONDS, NONCE);
  return new Uint8Array(
    Buffer.concat([body, mac(sessionKeys("webauthn-challenge")[0]!, purpose, subject, body)]),
  );
}

/** Whether `challenge` (base64url, as the browser echoed it) is one of ours, unexpired, for this. */
export function isOurChallenge(
  challenge: string,
  purpose: CeremonyPurpose,
  subject: string,
  now = Date.now(),
): boolean {
  const raw = Buffer.from(challenge, "base64url");
  if (raw.length !== NONCE + EXPIRY + MAC) return false;
  const body = raw.subarray(0, NONCE + EXPIRY);
  if (body.readUInt32BE(NONCE) < now / 1000) return false;
  const given = raw.subarray(NONCE + EXPIRY);
  return sessionKeys("webauthn-challenge").some((k) =>
    timingSafeEqual(mac(k, purpose, subject, body), given),
  );
}

/** Marks a verified answer's challenge spent: false when it was spent already (a replay). */
export function spendChallenge(challenge: string): Promise<boolean> {
  return store().setIfAbsent(`webauthn:spent:${challenge}`, "1", TTL_SECONDS + 60);
}
