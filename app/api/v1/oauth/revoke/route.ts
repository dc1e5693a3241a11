import { handlers, route } from "@/lib/server/http/route";
import { oauthResponse, revocationRequest } from "@/lib/server/partners/oauth";

export const dynamic = "force-dynamic";

/** RFC 7009 token revocation: the token stops working on every instance at once. */
const revoke = route(
  {
    method: "POST",
    path: "/api/v1/oauth/revoke",
    summary: "Revoke a partner access token",
    rateLimit: { name: "oauth-revoke", requests: 60, window: "1 m" },
  },
  async ({ req, ip, requestId }) => oauthResponse(await revocationRequest(req, { ip, requestId })),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: revoke });
