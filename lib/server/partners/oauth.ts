import "server-only";
import { recordAudit } from "@/lib/server/audit/append";
import type { AnonymousPrincipal, Principal } from "@/lib/server/auth/principal";
import { MAX_FORM_BYTES } from "@/lib/server/http/body-limits";
import { readBoundedBytes } from "@/lib/server/http/json-body";
import { countAnonymousRefusal } from "@/lib/server/auth/anonymous-refusals";
import { partnerAddressAdmitted } from "./gate";
import { authenticatePartnerClient } from "./index";
import { issueTokenPair, refreshTokens, revokeRefreshToken, type TokenPair } from "./refresh";
import { revokeAccessToken } from "./tokens";

// The OAuth 2.0 token and revocation endpoints' logic (RFC 6749 §4.4 client credentials and §6
// refresh, RFC 7009 revocation). Responses follow RFC 6749 §5: errors are `{ error, error_description }`.

type OAuthResult = {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
};

/** An OAuth answer as HTTP: JSON, never cached (RFC 6749 §5.1). */
export function oauthResponse(r: OAuthResult): Response {
  return Response.json(r.body, {
    status: r.status,
    headers: { "Cache-Control": "no-store", Pragma: "no-cache", ...r.headers },
  });
}

const oauthError = (
  status: number,
  error: string,
  description: string,
  headers?: Record<string, string>,
): OAuthResult => ({ status, body: { error, error_description: description }, headers });

/**
 * Reads an `application/x-www-form-urlencoded` body (anything else is invalid_request). A body
 * past the form limit is refused as it streams in (TOO_LARGE: 413 problem+json), never read whole.
 */
export async function readForm(req: Request): Promise<URLSearchParams | null> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/x-www-form-urlencoded")) return null;
  return new URLSearchParams((await readBoundedBytes(req, MAX_FORM_BYTES)).toString("utf8"));
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1) or the body, never both. */
function clientCredentials(req: Request, form: URLSearchParams) {
  const header = req.headers.get("authorization");
  const inBody = form.has("client_id") || form.has("client_secret");
  if (header) {
    if (inBody) return null;
    const m = /^Basic ([A-Za-z0-9+/=]{1,400})$/.exec(header);
    if (!m) return null;
    const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 1) return null;
    try {
      return {
        id: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    } catch {
      return null;
    }
  }
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  return id && secret ? { id, secret } : null;
}

type RequestContext = { ip: string | null; requestId: string | null };

/** The calling client from its credentials, or null (unknown, wrong secret, disabled). */
async function authenticatedClient(req: Request, form: URLSearchParams, ctx: RequestContext) {
  const creds = clientCredentials(req, form);
  return creds ? authenticatePartnerClient(creds.id, creds.secret, ctx) : null;
}

const invalidClient = () =>
  oauthError(401, "invalid_client", "Client authentication failed.", {
    "WWW-Authenticate": 'Basic realm="veil"',
  });

/** The partner's allow-list refuses the caller's address (audited by the gate). */
const outsideAllowList = () =>
  oauthError(403, "unauthorized_client", "Requests from this address are not allowed.");

const GRANTS = ["client_credentials", "refresh_token"];

/** RFC 6749 §4.4 (client credentials) and §6 (refresh, rotating), for confidential clients. */
export async function tokenRequest(req: Request, ctx: RequestContext): Promise<OAuthResult> {
  const anon: AnonymousPrincipal = { kind: "anonymous", ...ctx };
  const refuse = async (r: OAuthResult, grant: string, actor: Principal = anon) => {
    const audit = () =>
      recordAudit({
        actor,
        action: "partner.token",
        outcome: "denied",
        detail: { grant: grant.slice(0, 32), error: String(r.body.error) },
      });
    // Before authentication, only the address's first refusal in its window is audited.
    if (actor.kind === "anonymous") await countAnonymousRefusal(ctx.ip, audit);
    else await audit();
    return r;
  };
  const form = await readForm(req);
  if (!form)
    return refuse(
      oauthError(
        400,
        "invalid_request",
        "Send a form-encoded body (application/x-www-form-urlencoded).",
      ),
      "",
    );
  const grant = form.get("grant_type") ?? "";
  if (!GRANTS.includes(grant))
    return refuse(
      oauthError(
        400,
        "unsupported_grant_type",
        "Use grant_type client_credentials or refresh_token.",
      ),
      grant,
    );
  const partner = await authenticatedClient(req, form, ctx);
  if (!partner) return refuse(invalidClient(), grant);
  if (!(await partnerAddressAdmitted(partner))) return outsideAllowList();
  const requested = (form.get("scope") ?? "").split(" ").filter(Boolean);
  let pair: TokenPair;
  if (grant === "refresh_token") {
    const refreshToken = form.get("refresh_token");
    if (!refreshToken)
      return refuse(oauthError(400, "invalid_request", "Send the refresh_token."), grant, partner);
    const r = await refreshTokens(partner, refreshToken, requested);
    if (!r.ok)
      return refuse(
        r.error === "invalid_scope"
          ? oauthError(400, "invalid_scope", "A requested scope is not granted.")
          : oauthError(400, "invalid_grant", "The refresh token is invalid, expired or spent."),
        grant,
        partner,
      );
    pair = r.pair;
  } else {
    if (requested.some((s) => !partner.scopes.includes(s)))
      return refuse(
        oauthError(400, "invalid_scope", "A requested scope is not granted."),
        grant,
        partner,
      );
    pair = await issueTokenPair({
      ...partner,
      scopes: requested.length ? requested : partner.scopes,
    });
  }
  await recordAudit({
    actor: partner,
    action: "partner.token",
    target: { type: "partner", id: partner.partnerId },
    detail: { grant },
  });
  return { status: 200, body: pair };
}

/**
 * RFC 7009: the client authenticates, and may revoke only its own tokens. The answer is 200
 * whether or not the token was valid (nothing to learn from it). A refresh token takes its
 * whole family (and the family's access tokens) with it.
 */
export async function revocationRequest(req: Request, ctx: RequestContext): Promise<OAuthResult> {
  const form = await readForm(req);
  const token = form?.get("token");
  const refuseAnonymous = async (r: OAuthResult) => {
    await countAnonymousRefusal(ctx.ip, () =>
      recordAudit({
        actor: { kind: "anonymous", ...ctx },
        action: "partner.token_revoke",
        outcome: "denied",
        detail: { kind: "unknown" },
      }),
    );
    return r;
  };
  if (!form || !token)
    return refuseAnonymous(oauthError(400, "invalid_request", "Send the token to revoke."));
  const partner = await authenticatedClient(req, form, ctx);
  if (!partner) return refuseAnonymous(invalidClient());
  if (!(await partnerAddressAdmitted(partner))) return outsideAllowList();
  const kind = token.startsWith("vrt_")
    ? (await revokeRefreshToken(partner, token)) && "refresh_token"
    : (await revokeAccessToken(token, partner.partnerId)) && "access_token";
  await recordAudit({
    actor: partner,
    action: "partner.token_revoke",
    target: { type: "partner", id: partner.partnerId },
    detail: { kind: kind || "unknown" },
  });
  return { status: 200, body: {} };
}
