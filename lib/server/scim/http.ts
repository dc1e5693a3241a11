import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/server/audit/append";
import { anonymousRefusalWait, countAnonymousRefusal } from "@/lib/server/auth/anonymous-refusals";
import { AppError } from "@/lib/server/errors";
import { readBoundedBytes } from "@/lib/server/http/json-body";
import { MAX_JSON_BYTES } from "@/lib/server/http/body-limits";
import { logUnexpected } from "@/lib/server/log";
import { withRequestContext } from "@/lib/server/request-context";
import { scimTokenFor } from "./tokens";

// SCIM 2.0's HTTP conventions (RFC 7644 §3): application/scim+json both ways, errors in the SCIM
// error schema, a bearer token per identity provider.

const TYPE = "application/scim+json";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** A query's answer (RFC 7644 §3.4.2): one page of resources and how many match in all. */
export function listResponse<T>(total: number, startIndex: number, resources: T[]) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A PatchOp body (RFC 7644 §3.5.2): operations with case-insensitive `op`s, as providers send. */
const patchOpSchema = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(PATCH_SCHEMA)),
  Operations: z
    .array(
      z.object({
        op: z.string().transform((o) => o.toLowerCase()),
        path: z.string().max(300).optional(),
        value: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(50),
});

export function parsePatchOps(body: unknown) {
  const r = patchOpSchema.safeParse(body);
  if (!r.success) throw new ScimError(400, "Send a SCIM PatchOp with Operations.", "invalidSyntax");
  return r.data.Operations;
}

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: string,
  ) {
    super(detail);
  }
}

export function scimJson(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": TYPE, "cache-control": "no-store", ...headers },
  });
}

function scimErrorResponse(e: ScimError) {
  return scimJson(e.status, {
    schemas: [ERROR_SCHEMA],
    status: String(e.status),
    ...(e.scimType ? { scimType: e.scimType } : {}),
    detail: e.detail,
  });
}

/** The request's JSON body (SCIM or plain JSON media type), bounded. */
export async function scimBody(req: Request): Promise<Record<string, unknown>> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith(TYPE) && !type.startsWith("application/json"))
    throw new ScimError(415, "Send application/scim+json.");
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBoundedBytes(req, MAX_JSON_BYTES)).toString("utf8"));
  } catch (err) {
    if (err instanceof AppError) throw new ScimError(413, "The body is too large.");
    throw new ScimError(400, "The body is not valid JSON.", "invalidSyntax");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new ScimError(400, "Send a JSON object.", "invalidSyntax");
  return parsed as Record<string, unknown>;
}

/** A SCIM route: the bearer token checked first, failures in SCIM's error schema. */
export function scimRoute<C = void>(handler: (req: Request, ctx: C) => Promise<Response>) {
  return (req: Request, ctx: C) =>
    withRequestContext(req.headers.get("x-request-id"), async () => {
      try {
        // Guesses are free for the guesser: past the address's ceiling, 429 before any lookup,
        // and only its first refusal in a window is audited (anonymous-refusals.ts).
        const ip = req.headers.get("x-veil-client-ip");
        const wait = await anonymousRefusalWait(ip);
        if (wait)
          return scimJson(
            429,
            { schemas: [ERROR_SCHEMA], status: "429", detail: "Too many refused requests." },
            { "retry-after": String(wait) },
          );
        if (!(await scimTokenFor(req.headers.get("authorization")))) {
          await countAnonymousRefusal(ip, () =>
            recordAudit({
              actor: { kind: "anonymous", ip, requestId: req.headers.get("x-request-id") },
              action: "scim.auth_failed",
              outcome: "denied",
            }),
          );
          return scimJson(
            401,
            {
              schemas: [ERROR_SCHEMA],
              status: "401",
              detail: "A valid SCIM bearer token is required.",
            },
            { "www-authenticate": 'Bearer realm="veil-scim"' },
          );
        }
        return await handler(req, ctx);
      } catch (err) {
        if (err instanceof ScimError) return scimErrorResponse(err);
        const errorId = logUnexpected(err, req.headers.get("x-request-id"), "scim request failed");
        return scimJson(500, {
          schemas: [ERROR_SCHEMA],
          status: "500",
          detail: `Something went wrong (${errorId}).`,
        });
      }
    });
}

/** The base URL resources are located at (for `meta.location`). */
export function scimBase(req: Request): string {
  return `${(env().VEIL_PUBLIC_URL ?? new URL(req.url).origin).replace(/\/+$/, "")}/scim/v2`;
}
