import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";
import type { SessionClaims } from "./session-state";

/** Decodes a session cookie issued by next-auth; null when missing, forged or expired. */
export async function readSessionToken(token: string | undefined): Promise<SessionClaims | null> {
  if (!token || token.length > 8192) return null;
  try {
    const claims = await decode({ token, secret: env().VEIL_AUTH_SECRET! });
    if (!claims || typeof claims.uid !== "string" || typeof claims.sv !== "number") return null;
    return claims as unknown as SessionClaims;
  } catch {
    return null;
  }
}
