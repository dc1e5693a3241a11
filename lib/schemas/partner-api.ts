// The partner API's wire shapes: what the route handlers validate and return, and what the
// OpenAPI document is generated from.
import { z } from "zod";
import { FIELD_NAMES } from "@/lib/fields/catalogue";

const API_PAGE_MAX = 100;

/** Opaque keyset cursor: base64url of the last row's position; anything else is a 400. */
const apiCursorSchema = z
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

// OAuth 2.0 endpoints (form-encoded in, JSON out). oauth.ts parses these forms itself so that
// every refusal is an RFC 6749 error; these schemas document the same fields.
export const tokenFormSchema = z.object({
  grant_type: z.enum(["client_credentials", "refresh_token"]),
  scope: z.string().max(200).optional().describe("Space-separated; at most the partner's scopes."),
  refresh_token: z.string().max(200).optional().describe("For grant_type=refresh_token."),
  client_id: z.string().max(40).optional().describe("Or use HTTP Basic (not both)."),
  client_secret: z.string().max(200).optional(),
});

export const tokenResponseSchema = z.object({
  access_token: z.string().describe("ES256 JWT, ten minutes; send as `Authorization: Bearer`."),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  refresh_token: z.string().describe("Single use; a replay revokes the whole token family."),
  scope: z.string(),
});

export const revokeFormSchema = z.object({
  token: z.string().max(4096).describe("An access or refresh token of the calling client."),
  token_type_hint: z.enum(["access_token", "refresh_token"]).optional(),
  client_id: z.string().max(40).optional(),
  client_secret: z.string().max(200).optional(),
});

export const oauthErrorSchema = z.object({
  error: z.enum([
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "invalid_scope",
    "unsupported_grant_type",
  ]),
  error_description: z.string(),
});

export const jwksSchema = z.object({
  keys: z.array(
    z
      .object({
        kty: z.literal("EC"),
        crv: z.literal("P-256"),
        x: z.string(),
        y: z.string(),
        kid: z.string(),
        alg: z.literal("ES256"),
        use: z.literal("sig"),
      })
      .strict(),
  ),
});

/** RFC 9457 problem details: every error of the partner API. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  errorId: z.string().optional(),
});
