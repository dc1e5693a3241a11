import "server-only";
import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { PARTNER_SCOPES } from "@/lib/policy/capabilities";
import { problemSchema } from "@/lib/schemas/partner-api";
import { z } from "zod";
import { env } from "@/lib/env";
import { API_V1 } from "./api-v1";
import type { RouteSpec } from "./route";

// The OpenAPI 3.1 document, generated from the partner API's route specs: the same zod schemas
// the wrapper validates with, the same auth, limits and error answers.

const PROBLEM = "application/problem+json";
const RATE_HEADERS = {
  "RateLimit-Limit": {
    schema: { type: "integer" as const },
    description: "Allowance of the tightest window.",
  },
  "RateLimit-Remaining": { schema: { type: "integer" as const } },
  "RateLimit-Reset": {
    schema: { type: "integer" as const },
    description: "Seconds until it resets.",
  },
  "RateLimit-Policy": { schema: { type: "string" as const }, example: "60;w=60, 10000;w=86400" },
};

const EXAMPLE_CUSTOMER = {
  id: "0b9e4a52-6f1e-4f0c-9a57-6a2d3c1e8f10",
  createdAt: "2026-11-02T09:14:00.000Z",
  updatedAt: "2026-11-02T09:14:00.000Z",
  fields: {
    fullName: "J••• T•••••",
    email: "j•••@example.com",
    pan: "•••• 1111",
    address: "Manchester, GB",
  },
};

const EXAMPLES: Record<string, unknown> = {
  listCustomers: { data: [EXAMPLE_CUSTOMER], nextCursor: null },
  readCustomer: EXAMPLE_CUSTOMER,
  createCustomer: { id: EXAMPLE_CUSTOMER.id },
};

function errorResponses(spec: RouteSpec, problem: { $ref: string }) {
  const out: Record<number, ResponseConfig> = {};
  const add = (status: number, description: string) =>
    (out[status] = { description, content: { [PROBLEM]: { schema: problem } } });
  if (spec.auth) {
    add(401, "Missing, invalid, expired or revoked access token (audited).");
    out[401]!.headers = { "WWW-Authenticate": { schema: { type: "string" } } };
    add(403, "The token lacks the scope, or the address or origin is not allowed.");
    add(429, "Over the partner's per-minute, per-hour or per-day limit.");
    out[429]!.headers = { "Retry-After": { schema: { type: "integer" } }, ...RATE_HEADERS };
  } else if (spec.rateLimit) {
    add(429, "Too many requests from this address.");
    out[429]!.headers = { "Retry-After": { schema: { type: "integer" } } };
  }
  if (spec.params) add(404, "No such record, or not one this partner may see.");
  if (spec.query || spec.params || spec.body)
    add(422, "Invalid input: every invalid field is listed in `errors`.");
  if (spec.body) {
    add(413, "The body is over 64 KB.");
    add(415, "The body is not JSON.");
  }
  add(405, "Method not allowed.");
  add(500, "Unexpected failure (an `errorId` to quote; never details).");
  add(503, "The database or the shared store is briefly unreachable: nothing was done; retry.");
  out[503]!.headers = { "Retry-After": { schema: { type: "integer" } } };
  for (const e of spec.errors ?? [])
    out[e.status] = {
      description: e.description,
      content: { "application/json": { schema: e.schema } },
    };
  return out;
}

function operation(spec: RouteSpec, problem: { $ref: string }): RouteConfig {
  const request: RouteConfig["request"] = {};
  if (spec.query) request.query = spec.query as never;
  if (spec.params) request.params = spec.params as never;
  if (spec.body)
    request.body = {
      required: true,
      content: {
        "application/json": {
          schema: spec.bodyDocument ?? spec.body,
          ...(spec.bodyExample ? { example: spec.bodyExample } : {}),
        },
      },
    };
  if (spec.form)
    request.body = {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: spec.form } },
    };
  const example = EXAMPLES[spec.operationId ?? ""];
  const success: ResponseConfig = {
    description: "Success.",
    content: spec.response
      ? { "application/json": { schema: spec.response, ...(example ? { example } : {}) } }
      : undefined,
    ...(spec.auth ? { headers: RATE_HEADERS } : {}),
  };
  return {
    method: spec.method.toLowerCase() as RouteConfig["method"],
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: [spec.auth ? "Customers" : "Authentication"],
    security: spec.auth ? [{ partnerToken: [] }] : [],
    request,
    responses: { [spec.status ?? 200]: success, ...errorResponses(spec, problem) },
  };
}

let cached: unknown;

export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent(
    "schemas",
    "Problem",
    z.toJSONSchema(problemSchema, { target: "draft-2020-12" }) as never,
  );
  const problem = { $ref: "#/components/schemas/Problem" };
  registry.registerComponent("securitySchemes", "partnerToken", {
    type: "oauth2",
    description:
      "Client credentials at /api/v1/oauth/token give a ten-minute ES256 JWT; send it as `Authorization: Bearer <token>` (never in the URL).",
    flows: {
      clientCredentials: {
        tokenUrl: "/api/v1/oauth/token",
        refreshUrl: "/api/v1/oauth/token",
        scopes: Object.fromEntries(
          Object.entries(PARTNER_SCOPES).map(([scope, cap]) => [scope, `Grants ${cap}.`]),
        ),
      },
    },
  });
  for (const spec of Object.values(API_V1)) registry.registerPath(operation(spec, problem));
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Veil partner API",
      version: "1.0.0",
      description:
        "Masked customer records for partner integrations. Every call is audited under the partner's purpose; records not shared with the partner do not exist for it.",
    },
    servers: [{ url: env().VEIL_PUBLIC_URL ?? "/" }],
  });
  return cached;
}
