import "server-only";
import { problemResponse } from "@/lib/security/problem";
import { countAnonymousRefusal } from "@/lib/server/auth/anonymous-refusals";
import type { Principal } from "@/lib/server/auth/principal";
import { getViewer } from "@/lib/server/auth/viewer";
import { recordAudit } from "@/lib/server/audit/append";
import { AppError } from "@/lib/server/errors";
import { admitPartner, type Admission } from "@/lib/server/partners/gate";
import { partnerFromAccessToken } from "@/lib/server/partners/tokens";

// The ways a route finds its caller: a staff session (cookie) or a partner's bearer token.

/** How a route finds its caller, and what that kind of caller brings with it. */
export type Authenticator = {
  authenticate(req: Request): Promise<Principal | null>;
  /** Credentials the browser attaches on its own (cookies): cross-site writes are refused. */
  cookieBased: boolean;
  /** The answer (and record) when authentication fails. */
  refuse(req: Request, requestId: string | null): Promise<Response>;
  /** Checks and headers for an authenticated caller before the handler (network, limits). */
  admit?(principal: Principal, req: Request): Promise<Admission>;
  /** OpenAPI security scheme name. */
  scheme: "staffSession" | "partnerToken";
};

export const staffSession: Authenticator = {
  authenticate: () => getViewer(),
  cookieBased: true,
  refuse: async () => {
    throw new AppError("UNAUTHENTICATED");
  },
  scheme: "staffSession",
};

/** Partner integrations: `Authorization: Bearer <access token>` (never a token in the URL). */
export const partnerToken: Authenticator = {
  authenticate: async (req) => {
    const m = /^Bearer ([A-Za-z0-9._-]{20,4096})$/.exec(req.headers.get("authorization") ?? "");
    if (!m) return null;
    return partnerFromAccessToken(m[1]!, {
      ip: req.headers.get("x-veil-client-ip"),
      requestId: req.headers.get("x-request-id"),
    });
  },
  cookieBased: false,
  refuse: async (req, requestId) => {
    const ip = req.headers.get("x-veil-client-ip");
    await countAnonymousRefusal(ip, () =>
      recordAudit({
        actor: { kind: "anonymous", ip, requestId },
        action: "partner.auth_failed",
        outcome: "denied",
      }),
    );
    return problemResponse(
      401,
      "UNAUTHENTICATED",
      "A valid access token is required.",
      { code: "UNAUTHENTICATED" },
      { "WWW-Authenticate": 'Bearer realm="veil", error="invalid_token"' },
    );
  },
  admit: (principal, req) =>
    principal.kind === "partner"
      ? admitPartner(principal, req)
      : Promise.resolve({ refusal: null, headers: {} }),
  scheme: "partnerToken",
};
