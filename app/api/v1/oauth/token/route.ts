import { tokenRequest } from "@/lib/server/partners/oauth";
import { handlers, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

/** OAuth 2.0 client credentials → a ten-minute ES256 access token (RFC 6749 §4.4). */
const token = route(
  {
    method: "POST",
    path: "/api/v1/oauth/token",
    summary: "Exchange partner client credentials for an access token",
    rateLimit: { name: "oauth-token", requests: 30, window: "1 m" },
  },
  async ({ req }) => {
    const r = await tokenRequest(req, {
      ip: req.headers.get("x-veil-client-ip"),
      requestId: req.headers.get("x-request-id"),
    });
    return Response.json(r.body, { status: r.status, headers: { ...NO_STORE, ...r.headers } });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: token });
