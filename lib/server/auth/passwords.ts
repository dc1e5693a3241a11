import "server-only";
import bcrypt from "bcrypt";
import { env } from "@/lib/env";
// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated.
import { MAX_PASSWORD_BYTES } from "@/lib/schemas/password";

export const BCRYPT_COST = 12;

export function bcryptCost(): number {
  return env().VEIL_FAST_HASH_FOR_TESTS ? 4 : BCRYPT_COST;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, bcryptCost());
}

// A real bcrypt hash of a random value at the production cost: comparing against it costs what
// a real comparison costs, so an unknown email takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;
function dummy() {
  dummyHash ??= bcrypt.hash(`dummy-${Math.random()}`, bcryptCost());
  return dummyHash;
}

/** Always exactly one bcrypt comparison, whether or not there is a stored hash. */
export async function verifyPassword(
  password: string,
  storedHash: string | null | undefined,
): Promise<boolean> {
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    await bcrypt.compare("x", await dummy());
    return false;
  }
  const ok = await bcrypt.compare(password, storedHash ?? (await dummy()));
  return ok && Boolean(storedHash);
}
