import { API_V1 } from "@/lib/server/http/api-v1";
import { handlers, route } from "@/lib/server/http/route";
import { oauthResponse, revocationRequest } from "@/lib/server/partners/oauth";

/** RFC 7009 token revocation: the token stops working on every instance at once. */
const revoke = route(API_V1.revokeToken, async ({ req, ip, requestId }) =>
  oauthResponse(await revocationRequest(req, { ip, requestId })),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: revoke });
