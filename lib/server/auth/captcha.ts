import "server-only";
import { createHmac, randomInt } from "node:crypto";
import { createChallenge, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { z } from "zod";
import { env } from "@/lib/env";
import { store } from "@/lib/server/store";
import { sessionKeys } from "./session-keys";

/** Self-hosted proof of work (ALTCHA): no third-party calls, a few hundred ms in a browser. */
export const CAPTCHA_TTL_SECONDS = 5 * 60;
const ALGORITHM = "SHA-256";

function secrets() {
  // Challenges live five minutes: after a rotation, the few in flight simply fail once.
  const base = sessionKeys("altcha")[0]!;
  const derive = (label: string) =>
    createHmac("sha256", base).update(`altcha:${label}`).digest("base64url");
  return { hmacSignatureSecret: derive("signature"), hmacKeySignatureSecret: derive("key") };
}

/**
 * Deterministic mode: the server picks a secret counter and signs the key it yields; the client
 * must search counters up to it. 20k–50k SHA-256 steps: about a second in a browser's workers,
 * costly at the scale of a stuffing run. (Tests use a tiny range.)
 */
function counterRange(): [number, number] {
  return env().VEIL_FAST_HASH_FOR_TESTS ? [10, 100] : [20_000, 50_000];
}

export async function newCaptchaChallenge(): Promise<Challenge> {
  const [min, max] = counterRange();
  return createChallenge({
    algorithm: ALGORITHM,
    cost: 1,
    counter: randomInt(min, max),
    deriveKey,
    expiresAt: Math.floor(Date.now() / 1000) + CAPTCHA_TTL_SECONDS,
    ...secrets(),
  });
}

const payloadSchema = z.object({
  challenge: z
    .object({
      parameters: z.object({ nonce: z.string().max(200), salt: z.string().max(200) }).passthrough(),
      signature: z.string().max(200).optional(),
    })
    .passthrough(),
  solution: z
    .object({ counter: z.number().int().nonnegative(), derivedKey: z.string().max(300) })
    .passthrough(),
});

/**
 * Valid, unexpired, signed by us, and never used before (each solution is burned on first use,
 * in the shared store, so a replay fails on every instance).
 */
export async function verifyCaptcha(encoded: string | undefined | null): Promise<boolean> {
  if (!encoded || encoded.length > 4000) return false;
  let payload: z.infer<typeof payloadSchema>;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(encoded, "base64").toString("utf8")));
  } catch {
    return false;
  }
  let verified = false;
  try {
    const result = await verifySolution({
      challenge: payload.challenge as unknown as Challenge,
      solution: payload.solution,
      deriveKey,
      ...secrets(),
    });
    verified = Boolean(result.verified);
  } catch {
    return false;
  }
  if (!verified) return false;
  const id = `${payload.challenge.parameters.nonce}:${payload.challenge.parameters.salt}`;
  return store().setIfAbsent(`veil:captcha:used:${id}`, "1", CAPTCHA_TTL_SECONDS + 60);
}
