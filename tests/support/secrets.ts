import { randomBytes } from "node:crypto";

/** Fresh, strong secrets for a test run (never the developer's local ones). */
export function testSecrets(): Record<string, string> {
  return {
    VEIL_AUTH_SECRET: randomBytes(32).toString("base64url"),
    VEIL_SESSION_SECRET: randomBytes(32).toString("base64url"),
    VEIL_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    VEIL_BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
  };
}
