// SCIM token administration input and rows: shared by the admin screen and the data layer.
import { z } from "zod";

export const scimTokenFormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name it after the identity provider, e.g. Okta.")
      .max(80, "Use at most 80 characters.")
      .regex(/^[^\u0000-\u001f\u007f<>]*$/, "Remove control characters and angle brackets."),
  })
  .strict();

export type ScimTokenRow = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
