import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { generateSecret, generateURI, NobleCryptoPlugin, ScureBase32Plugin } from "otplib";
import { verify } from "@otplib/totp";
import QRCode from "qrcode";
import { sessionKeys } from "./session-keys";

const PERIOD = 30;

/** TOTP secrets are stored sealed (AES-256-GCM), bound to their user id. */
export function sealTotpSecret(secret: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sessionKeys("totp-secret-sealing")[0]!, iv);
  cipher.setAAD(Buffer.from(`totp|${userId}`));
  const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url")}`;
}

/** Opens with the current key, or the previous one while VEIL_SESSION_SECRET is being rotated. */
export function openTotpSecret(sealed: string, userId: string): string {
  const raw = Buffer.from(sealed.slice(3), "base64url");
  let lastError: unknown = new Error("no session key");
  for (const key of sessionKeys("totp-secret-sealing")) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`totp|${userId}`));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function totpEnrolment(secret: string, email: string) {
  const uri = generateURI({ issuer: "Veil", label: email, secret, period: PERIOD });
  return { uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

/**
 * Checks a code within ±1 step of clock drift and returns its time step. A step at or before
 * `lastStep` is a replay and fails, so each code works once.
 */
export async function checkTotp(
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    crypto: new NobleCryptoPlugin(),
    base32: new ScureBase32Plugin(),
    token: code,
    period: PERIOD,
    epochTolerance: PERIOD,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid ? result.timeStep : null;
}

/** Recovery codes: 10 × 10 characters from an unambiguous alphabet, stored as SHA-256 hashes. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const s = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.trim().toLowerCase().replace(/\s+/g, "")).digest("hex");
}
