import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

// How a webhook delivery is signed (HMAC over a timestamp and the body; the replay-safe recipe a
// receiver follows is in docs/security.md).

export const SIGNATURE_HEADER = "Veil-Signature";
export const DELIVERY_HEADER = "Veil-Delivery";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` */
export function signDelivery(secret: string, body: string, at = Date.now()) {
  const t = Math.floor(at / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** The receiver's side of the recipe: signature valid and not older than `toleranceSeconds`. */
export function verifyDelivery(
  secret: string,
  header: string | null,
  body: string,
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, "hex"));
}
