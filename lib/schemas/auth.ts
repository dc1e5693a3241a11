// Shared by the login form (client) and the server: one schema, one set of messages.
import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Enter a valid email address.")
  .email("Enter a valid email address.");

export const loginSchema = z.object({
  email: emailSchema,
  // Length only: the server answers every wrong password the same way.
  password: z.string().min(1, "Enter your password.").max(1024, "Enter your password."),
  totp: z.string().trim().max(32).optional().or(z.literal("")),
  altcha: z.string().max(4000).optional().or(z.literal("")),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** What the login form may be told. Everything else about a failure stays on the server. */
export const LOGIN_ERRORS = {
  INVALID: "Invalid email or password",
  CAPTCHA_REQUIRED: "Please complete the verification to continue.",
  TOTP_REQUIRED: "Enter the 6-digit code from your authenticator app, or a recovery code.",
  RATE_LIMITED: "Too many attempts. Wait a few minutes and try again.",
  UNAVAILABLE: "Sign-in is briefly unavailable. Try again in a moment.",
} as const;
export type LoginErrorCode = keyof typeof LOGIN_ERRORS;

export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code.");
