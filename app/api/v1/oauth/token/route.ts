import { API_V1 } from "@/lib/server/http/api-v1";
import { handlers, route } from "@/lib/server/http/route";
import { oauthResponse, tokenRequest } from "@/lib/server/partners/oauth";

/** OAuth 2.0 client credentials and refresh → a ten-minute ES256 access token (RFC 6749). */
const token = route(API_V1.issueToken, async ({ req, ip, requestId }) =>
  oauthResponse(await tokenRequest(req, { ip, requestId })),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: token });
