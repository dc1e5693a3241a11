// The partner API's wire shapes: what the route handlers validate and return, and what the
// OpenAPI document is generated from.
import { z } from "zod";
import { FIELD_NAMES } from "@/lib/fields/catalogue";

export const API_PAGE_MAX = 100;

/** Opaque keyset cursor: base64url of the last row's position; anything else is a 400. */
export const apiCursorSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, "Use the nextCursor value of the previous page.");

export const apiListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(API_PAGE_MAX).default(25),
    cursor: apiCursorSchema.optional(),
  })
  .strict();

const maskedFields = z
  .object(
    Object.fromEntries(FIELD_NAMES.map((f) => [f, z.string().optional()])) as Record<
      (typeof FIELD_NAMES)[number],
      z.ZodOptional<z.ZodString>
    >,
  )
  .strict()
  .describe("The fields this partner's profile shows, already masked; hidden fields are absent.");

export const apiCustomerSchema = z
  .object({
    id: z.string().uuid(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    fields: maskedFields,
  })
  .strict();
export type ApiCustomer = z.infer<typeof apiCustomerSchema>;

export const apiCustomerPageSchema = z
  .object({
    data: z.array(apiCustomerSchema),
    nextCursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end."),
  })
  .strict();

export const apiCreatedSchema = z.object({ id: z.string().uuid() }).strict();
