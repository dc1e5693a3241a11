// The browser's WebAuthn answers (as @simplewebauthn/browser serialises them), checked for shape
// and size before any verification runs; the verifier checks what they mean.
import { z } from "zod";

const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/);

const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
type Transport = (typeof TRANSPORTS)[number];

const common = {
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

export const authenticationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(128).optional(),
  }),
});

export const registrationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16384),
    authenticatorData: b64url(4096).optional(),
    // Kept only when known (a browser may report newer ones; they are hints, not checks).
    transports: z
      .array(z.string().max(16))
      .max(8)
      .optional()
      .transform((t) =>
        t?.filter((x): x is Transport => (TRANSPORTS as readonly string[]).includes(x)),
      ),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4096).optional(),
  }),
});

export const passkeyNameSchema = z
  .string()
  .trim()
  .max(60, "Use at most 60 characters.")
  .transform((s) => s || "Passkey");

export const registerPasskeySchema = z
  .object({ name: passkeyNameSchema, response: registrationResponseSchema })
  .strict();

export const passkeyIdSchema = z.object({ passkeyId: z.string().uuid() }).strict();

export const passkeyStepUpSchema = z.object({ response: authenticationResponseSchema }).strict();

export const passkeyRequirementSchema = z.object({ required: z.boolean() }).strict();

/** How the sign-in form sends a passkey's answer: JSON in one credentials field. */
export const passkeyFieldSchema = z
  .string()
  .max(8_000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
  })
  .pipe(authenticationResponseSchema);

/** A passkey as its owner and admins see it (no key material). */
export type PasskeyRow = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Synced between devices by its provider (iCloud Keychain, Google Password Manager, …). */
  synced: boolean;
};
