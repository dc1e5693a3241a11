import "server-only";
import { createHmac } from "node:crypto";

/**
 * A keyed pseudonym: equal values under one key give equal tokens (joins work), different keys
 * give unrelated tokens, and nothing is recoverable without the key. The caller owns the key — a
 * per-upload key for the Data Mirror, a named project key when files must join.
 */
export function keyedPseudonym(key: Uint8Array, label: string, value: string): string {
  return `tok_${createHmac("sha256", key).update(`${label}|${value}`).digest("base64url").slice(0, 22)}`;
}
