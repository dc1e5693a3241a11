import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = 1;
// The layout below, by offset: version byte, IV, tag, then the ciphertext proper.
const IV_AT = 1;
const TAG_AT = IV_AT + 12;
const BODY_AT = TAG_AT + 16;

/**
 * Where a field ciphertext's IV and tag lie: together they name that ciphertext (a random IV per
 * encryption), which is how a masked view made from it is recognised (masked-row-cache).
 */
export const IV_AND_TAG = { start: IV_AT, end: BODY_AT } as const;

export function newDataKey(): Buffer {
  return randomBytes(32);
}

/**
 * Field ciphertext: `version(1) | iv(12) | tag(16) | ct`, AES-256-GCM under the customer's data
 * key, with `customerId|field` as associated data: a ciphertext copied to another row or column
 * fails authentication instead of decrypting as someone else's data.
 */
export function encryptField(
  dataKey: Buffer,
  customerId: string,
  field: string,
  plaintext: string,
): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
  cipher.setAAD(Buffer.from(`${customerId}|${field}`));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const out = new Uint8Array(new ArrayBuffer(BODY_AT + ct.length));
  out[0] = VERSION;
  out.set(iv, IV_AT);
  out.set(cipher.getAuthTag(), TAG_AT);
  out.set(ct, BODY_AT);
  return out;
}

/** A Buffer over the driver's bytes, not a copy (runs for every field of every row served). */
export function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class DecryptionError extends Error {
  constructor(
    readonly customerId: string,
    readonly field: string,
  ) {
    super(`ciphertext for ${field} of customer ${customerId} failed authentication`);
    this.name = "DecryptionError";
  }
}

export function decryptField(
  dataKey: Buffer,
  customerId: string,
  field: string,
  blob: Uint8Array,
): string {
  const buf = bufferView(blob);
  if (buf[0] !== VERSION || buf.length < BODY_AT) throw new DecryptionError(customerId, field);
  try {
    const decipher = createDecipheriv("aes-256-gcm", dataKey, buf.subarray(IV_AT, TAG_AT));
    decipher.setAAD(Buffer.from(`${customerId}|${field}`));
    decipher.setAuthTag(buf.subarray(TAG_AT, BODY_AT));
    const plaintext = decipher.update(buf.subarray(BODY_AT));
    decipher.final(); // throws unless the tag verifies: nothing is returned before that
    return plaintext.toString("utf8");
  } catch {
    throw new DecryptionError(customerId, field);
  }
}
