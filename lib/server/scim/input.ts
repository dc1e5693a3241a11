import "server-only";
import { z } from "zod";
import { ScimError } from "./http";

// What Veil reads from SCIM requests (RFC 7643 §4.1 User, §4.2 Group): the attributes it keeps,
// validated; every other attribute is accepted and ignored.

/** A resource id as Veil issues them (a UUID): anything else is no such resource. */
export const isScimId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** A name shown to people: trimmed, no control characters or angle brackets. */
const displayText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f<>]*$/);

export const bool = z.union([
  z.boolean(),
  z.enum(["true", "false", "True", "False"]).transform((v) => v.toLowerCase() === "true"),
]);
const email = z.string().trim().toLowerCase().email().max(254);
export const text = displayText(120);

/** The attributes Veil keeps from a SCIM User (others are accepted and ignored). */
const userSchema = z.object({
  userName: email,
  externalId: z.string().max(255).optional(),
  active: bool.optional(),
  displayName: text.optional(),
  name: z
    .object({
      formatted: text.optional(),
      givenName: z.string().max(60).optional(),
      familyName: z.string().max(60).optional(),
    })
    .optional(),
  emails: z
    .array(z.object({ value: z.string(), primary: bool.optional() }))
    .max(10)
    .optional(),
});

export function nameOf(u: z.infer<typeof userSchema>): string {
  const given = [u.name?.givenName, u.name?.familyName].filter(Boolean).join(" ").trim();
  return (u.displayName ?? u.name?.formatted ?? (given || u.userName.split("@")[0]!)).slice(0, 120);
}

export function parseUser(body: unknown) {
  const r = userSchema.safeParse(body);
  if (!r.success)
    throw new ScimError(
      400,
      `Invalid user: ${r.error.issues[0]?.path.join(".") || "body"}.`,
      "invalidValue",
    );
  return r.data;
}

export const displayName = displayText(200);
export const memberRefs = z.array(z.object({ value: z.string().uuid() })).max(1000);
export const groupSchema = z.object({
  displayName,
  externalId: z.string().max(255).optional(),
  members: memberRefs.optional(),
});
