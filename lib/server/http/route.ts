import "server-only";
import { z } from "zod";
import type { Capability } from "@/lib/policy/capabilities";
import { limit, windowSeconds, type RouteLimitName } from "@/lib/policy/limits";
import { rateLimitBucket } from "@/lib/security/client-address";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { isOutsideMiddleware } from "@/lib/security/outside-middleware";
import { problemResponse } from "@/lib/security/problem";
import { requireCapability, type Principal } from "@/lib/server/auth/principal";
import { anonymousRefusalWait } from "@/lib/server/auth/anonymous-refusals";
import { AppError, HTTP_STATUS, isAppError, unavailableFrom } from "@/lib/server/errors";
import { logUnexpected } from "@/lib/server/log";
import { countHit } from "@/lib/server/store/window-counter";
import { metrics } from "@/lib/server/metrics";
import { withRequestContext } from "@/lib/server/request-context";
import { inputIssues } from "@/lib/server/validation";
import { guardedHere } from "./guarded";
import type { Authenticator } from "./authenticators";
import { readJsonBody } from "./json-body";
import type { Method, RouteHandler } from "./route-types";

// One wrapper for every route handler: who is calling (auth), what they may do (capability),
// what they sent (zod body and query), how often (rate limit), and one error shape
// (problem+json listing every input issue). Each route's spec is recorded, so an OpenAPI document
// can be generated from the same schemas the handlers run.

export type { Method, RouteHandler } from "./route-types";

export { partnerToken, staffSession, type Authenticator } from "./authenticators";

export type RouteSpec<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> = {
  method: Method;
  path: string;
  summary: string;
  /** Names the operation in the OpenAPI document (documented routes only). */
  operationId?: string;
  /** A form-encoded body the handler reads itself (documentation: the OAuth endpoints). */
  form?: z.ZodType;
  /** Error answers the handler itself gives beyond the wrapper's own (documentation). */
  errors?: { status: number; description: string; schema: z.ZodType }[];
  /** Extra description for the documentation. */
  description?: string;
  /** Omit for public routes. */
  auth?: Authenticator;
  capability?: Capability;
  body?: B;
  /**
   * The body as the API reference shows it, when `body` validates in steps the generator cannot
   * see through (a pre-check, then the object): the object, with its fields and bounds.
   */
  bodyDocument?: z.ZodType;
  /** An example request body for the reference. */
  bodyExample?: unknown;
  query?: Q;
  /** Path segments (`/customers/{id}`), validated like the rest. */
  params?: z.ZodObject;
  /** What a success returns (documentation and the contract test). */
  response?: z.ZodType;
  /** Requests per window per caller (or per client address for public routes). */
  rateLimit?: RouteLimitName;
  /** Responses that carry personal data or one-time values must never be cached. */
  noStore?: boolean;
  /** The success status (200 unless said). */
  status?: 200 | 201;
};

/** Routes without a query schema take no query parameters (a token there is refused, too). */
const NO_QUERY = z.object({}).strict();

type Parsed<S, K extends "body" | "query" | "params", Otherwise> = S extends {
  [P in K]: infer T extends z.ZodType;
}
  ? z.infer<T>
  : Otherwise;

/**
 * What a handler gets, typed from its spec: a principal exactly when the spec names an
 * authenticator, and the body, query and path params its schemas declare (so no `!`).
 */
export type RouteContext<S extends RouteSpec> = {
  req: Request;
  /** The client address and request id the middleware set (for audit rows). */
  ip: string | null;
  requestId: string | null;
  principal: S extends { auth: Authenticator } ? Principal : null;
  body: Parsed<S, "body", undefined>;
  query: Parsed<S, "query", Record<string, never>>;
  params: Parsed<S, "params", Record<string, never>>;
};

/**
 * Any failure as problem+json: a store outage as 503, typed errors with their code and issues,
 * else a 500 with an id.
 */
export function problemFrom(failure: unknown, requestId: string | null): Response {
  // A store that is down refuses the request (nothing is served without its limits and audit).
  const err = unavailableFrom(failure, requestId) ?? failure;
  if (isAppError(err))
    return problemResponse(
      HTTP_STATUS[err.code],
      err.code,
      err.userMessage,
      { code: err.code, ...(err.issues ? { errors: err.issues } : {}) },
      err.code === "UNAVAILABLE" ? { "Retry-After": "5" } : {},
    );
  const errorId = logUnexpected(err, requestId);
  return problemResponse(500, "Internal Server Error", "Something went wrong.", { errorId });
}

const tooManyRequests = (retryAfterSeconds: number) =>
  problemResponse(
    429,
    "RATE_LIMITED",
    "Too many requests. Try again later.",
    { code: "RATE_LIMITED" },
    { "Retry-After": String(retryAfterSeconds) },
  );

function parseWith<T extends z.ZodType>(schema: T, input: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issues = inputIssues(r.error).map((i) => ({
      ...i,
      path: `${where}${i.path ? `.${i.path}` : ""}`,
    }));
    throw new AppError("VALIDATION", `invalid ${where}`, issues[0]?.message, issues);
  }
  return r.data;
}

function limitRoute(name: RouteLimitName, caller: string) {
  const { count, window } = limit(name);
  return countHit(`veil:rl:${name}`, windowSeconds(window), caller, count);
}

function callerKey(principal: Principal | null, req: Request) {
  if (principal?.kind === "user") return `user:${principal.userId}`;
  if (principal?.kind === "partner") return `partner:${principal.partnerId}`;
  return `ip:${rateLimitBucket(req.headers.get("x-veil-client-ip"))}`;
}

export function route<const S extends RouteSpec, R>(
  spec: S,
  handler: (ctx: RouteContext<S>) => Promise<R | Response>,
): RouteHandler {
  const served: RouteHandler = async (req, segment) => {
    // Set by the middleware's request guard, or by the same guard here (`guardedHere`), never
    // by the client.
    const requestId = req.headers.get("x-request-id");
    const ip = req.headers.get("x-veil-client-ip");
    // Headers every answer carries, errors included (CORS, rate-limit state).
    let extra: Record<string, string> = {};
    const withExtra = (res: Response) => {
      for (const [k, v] of Object.entries(extra)) res.headers.set(k, v);
      return res;
    };
    try {
      // Cookie-authenticated writes must come from our own pages (middleware checks too).
      if (spec.auth?.cookieBased && isCrossSiteWrite(spec.method, req.headers))
        throw new AppError(
          "FORBIDDEN",
          "cross-site write",
          "Cross-site requests are not accepted.",
        );
      // An address past its ceiling of refusals is answered before any authentication work.
      const wait = await anonymousRefusalWait(ip);
      if (wait) return tooManyRequests(wait);
      const authenticated = spec.auth ? await spec.auth.authenticate(req) : null;
      // A staff session is read from Next's own request; its address and id are the guard's.
      const principal =
        authenticated?.kind === "user" ? { ...authenticated, ip, requestId } : authenticated;
      if (spec.auth && !principal) return await spec.auth.refuse(req, requestId);
      if (spec.auth?.admit && principal) {
        const admission = await spec.auth.admit(principal, req);
        extra = { ...extra, ...admission.headers };
        if (admission.refusal) return withExtra(admission.refusal);
      }
      if (spec.capability) {
        if (!principal)
          throw new AppError("UNAUTHENTICATED", "a capability without an authenticator");
        requireCapability(principal, spec.capability);
      }
      if (spec.rateLimit) {
        const r = await limitRoute(spec.rateLimit, callerKey(principal, req));
        if (!r.allowed) return tooManyRequests(r.resetSeconds);
      }
      const query = parseWith(
        spec.query ?? NO_QUERY,
        Object.fromEntries(new URL(req.url).searchParams),
        "query",
      );
      const params = spec.params
        ? parseWith(spec.params, (await segment?.params) ?? {}, "path")
        : {};
      const body = spec.body ? parseWith(spec.body, await readJsonBody(req), "body") : undefined;
      // The wrapper has just made true what the context's type says of this spec.
      const result = await handler({
        params,
        req,
        ip,
        requestId,
        principal,
        body,
        query,
      } as RouteContext<S>);
      if (result instanceof Response) return withExtra(result);
      return withExtra(
        Response.json(result, {
          status: spec.status ?? 200,
          headers: spec.noStore
            ? { "Cache-Control": "no-store, max-age=0", Pragma: "no-cache" }
            : { "Cache-Control": "no-store" },
        }),
      );
    } catch (err) {
      return withExtra(problemFrom(err, requestId));
    }
  };
  // Every answer counted by route template (never the concrete path: ids stay out of labels).
  const counted: RouteHandler = async (req, segment) => {
    const m = metrics();
    const stop = m.httpDuration.startTimer({ route: spec.path, method: spec.method });
    const res = await withRequestContext(req.headers.get("x-request-id"), () =>
      served(req, segment),
    );
    stop();
    m.httpRequests.inc({ route: spec.path, method: spec.method, status: String(res.status) });
    if (res.status === 429)
      m.limiterRejections.inc({
        limiter: spec.rateLimit?.slice("route:".length) ?? "partner",
      });
    return res;
  };
  return Object.assign(isOutsideMiddleware(spec.path) ? guardedHere(spec.path, counted) : counted, {
    path: spec.path,
  });
}

export { handlers } from "./handlers";
