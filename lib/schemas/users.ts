import { z } from "zod";
import { emailSchema } from "./auth";
import { passwordSchema } from "./password";

import { ROLES, type RoleName } from "@/lib/policy/capabilities";

export type { RoleName };

export const roleSchema = z.enum(ROLES);

// Names are displayed, never interpreted: reject control characters and markup delimiters.
export const personNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(120, "Use at most 120 characters.")
  .regex(/^[^<>\u0000-\u001f\u007f]*$/, "Use letters, spaces and punctuation only.");

export const createUserSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("invite"),
    email: emailSchema,
    name: personNameSchema,
    role: roleSchema,
  }),
  z.object({
    mode: z.literal("password"),
    email: emailSchema,
    name: personNameSchema,
    role: roleSchema,
    password: passwordSchema,
  }),
]);
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const userIdSchema = z.string().uuid("Unknown user.");
export const changeRoleSchema = z.object({ userId: userIdSchema, role: roleSchema });
export const setDisabledSchema = z.object({ userId: userIdSchema, disabled: z.boolean() });
export const userTargetSchema = z.object({ userId: userIdSchema });

export const revokePasskeySchema = z.object({ userId: userIdSchema, passkeyId: z.string().uuid() });

export const listUsersSchema = z.object({
  q: z.string().trim().max(100).optional().default(""),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
  pageSize: z.coerce.number().int().min(5).max(100).optional().default(20),
});

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, "Enter your current password.").max(1024),
    next: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.next === v.confirm, {
    path: ["confirm"],
    message: "The passwords do not match.",
  });

export const stepUpSchema = z.object({
  secret: z.string().trim().min(1, "Enter your password or code.").max(1024),
});

const setPasswordToken = z.string().min(20).max(200);
export const setPasswordLinkSchema = z.object({ token: setPasswordToken });
export const setPasswordSchema = z
  .object({ token: setPasswordToken, password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The passwords do not match.",
  });

/** What the admin screens show about a user. */
export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  disabled: boolean;
  locked: boolean;
  twoFactor: boolean;
  /** How many passkeys the account has registered. */
  passkeys: number;
  invited: boolean;
  /** Linked to the identity provider (signs in through single sign-on), with its last use. */
  sso: { lastSignInAt: string | null } | null;
  createdAt: string;
};
