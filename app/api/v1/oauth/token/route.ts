import { handlers, route } from "@/lib/server/http/route";
import { oauthResponse, tokenRequest } from "@/lib/server/partners/oauth";

export const dynamic = "force-dynamic";

/** OAuth 2.0 client credentials → a ten-minute ES256 access token (RFC 6749 §4.4). */
const token = route(
  {
    method: "POST",
    path: "/api/v1/oauth/token",
    summary: "Exchange partner client credentials for an access token",
    rateLimit: { name: "oauth-token", requests: 30, window: "1 m" },
  },
  async ({ req, ip, requestId }) => oauthResponse(await tokenRequest(req, { ip, requestId })),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: token });
