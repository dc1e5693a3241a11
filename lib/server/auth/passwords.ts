import "server-only";
import bcrypt from "bcrypt";
import { env } from "@/lib/env";
// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated.
import { MAX_PASSWORD_BYTES } from "@/lib/schemas/password";
import { db } from "@/lib/server/db";
import { passwordMatches, passwordSalt } from "@/lib/server/secret-accessors";

export const BCRYPT_COST = 12;
/** Stands in for "no such user" so the unknown-email path runs the same two queries. */
const NO_USER = "00000000-0000-0000-0000-000000000000";

export function bcryptCost(): number {
  return env().VEIL_FAST_HASH_FOR_TESTS ? 4 : BCRYPT_COST;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, bcryptCost());
}

// A salt at the production cost for users without a password: hashing under it costs what a
// real check costs, so an unknown email takes as long as a wrong password.
let dummySalt: Promise<string> | null = null;
function dummy() {
  dummySalt ??= bcrypt.genSalt(bcryptCost());
  return dummySalt;
}

/**
 * Checks a password without the hash ever leaving the database: read the salt, run bcrypt here
 * (exactly once, whether or not the user exists), and ask the database whether the result matches.
 */
export async function verifyPassword(password: string, userId: string | null): Promise<boolean> {
  const tooLong = Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES;
  const id = userId ?? NO_USER;
  const salt = (await passwordSalt(db(), id)) ?? (await dummy());
  const candidate = await bcrypt.hash(tooLong ? "x" : password, salt);
  const ok = await passwordMatches(db(), id, candidate);
  return ok && !tooLong && userId !== null;
}
