import "server-only";
import { z } from "zod";
import { customerBodySchema, customerInputSchema } from "@/lib/schemas/customers";
import {
  apiCreatedSchema,
  apiCustomerPageSchema,
  apiCustomerSchema,
  apiListQuerySchema,
  jwksSchema,
  oauthErrorSchema,
  revokeFormSchema,
  tokenFormSchema,
  tokenResponseSchema,
} from "@/lib/schemas/partner-api";
import { createCustomer, getCustomer } from "@/lib/server/customers";
import { listCustomersPage } from "@/lib/server/customers/api";
import { partnerToken, type RouteSpec } from "./route";

// The versioned partner API's routes: one home for their specs, used by the route handlers in
// app/ and by the OpenAPI document, so the document cannot drift from what the handlers run.

export const API_V1 = {
  issueToken: {
    operationId: "issueToken",
    method: "POST",
    path: "/api/v1/oauth/token",
    summary: "Exchange client credentials or a refresh token for tokens",
    description:
      "RFC 6749 §4.4 client credentials and §6 refresh (rotating). Client authentication by HTTP Basic or by client_id/client_secret in the body, never both.",
    form: tokenFormSchema,
    response: tokenResponseSchema,
    errors: [
      { status: 400, description: "RFC 6749 §5.2 error", schema: oauthErrorSchema },
      { status: 401, description: "invalid_client", schema: oauthErrorSchema },
    ],
    rateLimit: "route:oauth-token",
    noStore: true,
  },
  revokeToken: {
    operationId: "revokeToken",
    method: "POST",
    path: "/api/v1/oauth/revoke",
    summary: "Revoke an access token, or a refresh token and its family (RFC 7009)",
    description:
      "The client authenticates and may revoke only its own tokens; the answer is 200 either way.",
    form: revokeFormSchema,
    response: z.object({}).strict(),
    errors: [
      { status: 400, description: "invalid_request", schema: oauthErrorSchema },
      { status: 401, description: "invalid_client", schema: oauthErrorSchema },
    ],
    rateLimit: "route:oauth-revoke",
  },
  signingKeys: {
    operationId: "signingKeys",
    method: "GET",
    path: "/.well-known/jwks.json",
    summary: "Public keys that verify access tokens (JWKS)",
    response: jwksSchema,
  },
  listCustomers: {
    operationId: "listCustomers",
    method: "GET",
    path: "/api/v1/customers",
    summary: "List customers shared with this partner, newest first",
    description:
      "Keyset pages: pass `nextCursor` as `cursor` for the next page. Fields are masked by the partner's redaction profile; hidden fields are absent.",
    auth: partnerToken,
    capability: listCustomersPage.capability,
    query: apiListQuerySchema,
    response: apiCustomerPageSchema,
    noStore: true,
  },
  createCustomer: {
    operationId: "createCustomer",
    method: "POST",
    path: "/api/v1/customers",
    summary: "Create a customer (shared with this partner from then on)",
    description:
      "Validated exactly as in the portal. Card security codes (CVV/CVC) are refused, never stored.",
    auth: partnerToken,
    capability: createCustomer.capability,
    body: customerInputSchema,
    bodyDocument: customerBodySchema,
    bodyExample: {
      fullName: "Jane Tester",
      email: "jane.tester@example.com",
      phone: "+447700900123",
      dateOfBirth: "1984-07-15",
      nationalId: "QQ123456C",
      pan: "4111111111111111",
      iban: "DE89370400440532013000",
      addressLine: "1 Market Street",
      city: "Manchester",
      postcode: "M1 1AA",
      country: "GB",
    },
    response: apiCreatedSchema,
    status: 201,
    noStore: true,
  },
  readCustomer: {
    operationId: "readCustomer",
    method: "GET",
    path: "/api/v1/customers/{id}",
    summary: "Read one customer, masked by this partner's profile",
    description: "A record not shared with the partner answers 404, exactly like a missing one.",
    auth: partnerToken,
    capability: getCustomer.capability,
    params: z.object({ id: z.string().max(100) }),
    response: apiCustomerSchema,
    noStore: true,
  },
  openApi: {
    operationId: "openApi",
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This document (OpenAPI 3.1)",
    response: z.record(z.string(), z.unknown()),
  },
} as const satisfies Record<string, RouteSpec>;
