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
  /** A passkey's answer (JSON), for accounts that have one. */
  passkey: z.string().max(8_000).optional().or(z.literal("")),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** What the login form may be told. Everything else about a failure stays on the server. */
export const LOGIN_ERRORS = {
  INVALID: "Invalid email or password",
  CAPTCHA_REQUIRED: "Please complete the verification to continue.",
  TOTP_REQUIRED: "Enter the 6-digit code from your authenticator app, or a recovery code.",
  PASSKEY_REQUIRED: "Use your passkey to finish signing in.",
  PASSKEY_OR_TOTP:
    "Use your passkey to finish signing in, or enter a code from your authenticator app.",
  RATE_LIMITED: "Too many attempts. Wait a few minutes and try again.",
  UNAVAILABLE: "Sign-in is briefly unavailable. Try again in a moment.",
  SSO_REQUIRED:
    "Your role signs in through single sign-on only: use the single sign-on button above.",
} as const;
export type LoginErrorCode = keyof typeof LOGIN_ERRORS;

/** Answers that mean "the password was right: now the second factor", not a failure. */
export const SECOND_STEP_CODES: readonly LoginErrorCode[] = [
  "TOTP_REQUIRED",
  "PASSKEY_REQUIRED",
  "PASSKEY_OR_TOTP",
];

/**
 * Why a single sign-on ended on the sign-in page (`/login?error=`): Veil's refusals, then
 * next-auth's own codes for a flow that failed (a forged or expired answer, the provider down).
 */
export const SSO_ERRORS: Record<string, string> = {
  SSO_NO_ROLE:
    "Your account is not in a group that may use Veil. Ask an administrator to add you to one.",
  SSO_DISABLED: "This Veil account is disabled. Ask an administrator.",
  SSO_EMAIL_TAKEN:
    "A Veil account with your email already exists. An administrator must link it to single sign-on first.",
  SSO_NO_EMAIL:
    "The identity provider sent no email address for you. Ask an administrator to check its settings.",
};
export const SSO_FAILED =
  "Single sign-on did not complete. Try again, or sign in with your Veil password.";
const NEXT_AUTH_FLOW_ERRORS = new Set([
  "OAuthSignin",
  "OAuthCallback",
  "OAuthCreateAccount",
  "Callback",
  "OAuthAccountNotLinked",
  "AccessDenied",
  "Configuration",
]);

/** The message for a sign-in page's `error` parameter, or null when it is not one of these. */
export function ssoErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  if (Object.hasOwn(SSO_ERRORS, code)) return SSO_ERRORS[code]!;
  return NEXT_AUTH_FLOW_ERRORS.has(code) ? SSO_FAILED : null;
}

export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code.");
