import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

function key() {
  return Buffer.from(hkdfSync("sha256", env().VEIL_AUTH_SECRET!, "veil", "audit-checkpoint", 32));
}

/** HMAC over where the live chain resumes; a forged or edited checkpoint fails verification. */
export function signCheckpoint(throughSeq: bigint, hash: string): string {
  return createHmac("sha256", key())
    .update(`veil-audit-checkpoint-v1|${throughSeq}|${hash}`)
    .digest("hex");
}

export function checkpointValid(c: {
  throughSeq: bigint;
  hash: string;
  signature: string;
}): boolean {
  const expected = Buffer.from(signCheckpoint(c.throughSeq, c.hash), "hex");
  const given = Buffer.from(c.signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
