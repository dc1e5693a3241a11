import {
  endSessionsForLogout,
  LogoutTokenRefused,
  verifyLogoutToken,
} from "@/lib/server/auth/backchannel-logout";
import { handlers, route } from "@/lib/server/http/route";
import { logger } from "@/lib/server/log";
import { readForm } from "@/lib/server/partners/oauth";

const NO_STORE = { "Cache-Control": "no-store" };
const invalid = () =>
  Response.json({ error: "invalid_request" }, { status: 400, headers: NO_STORE });

/**
 * OpenID Connect Back-Channel Logout: the identity provider posts `logout_token`; 200 once the
 * person's Veil sessions have ended, 400 for anything that is not a valid, fresh logout token.
 */
const backchannelLogout = route(
  {
    method: "POST",
    path: "/api/sso/backchannel-logout",
    summary: "Identity provider back-channel logout",
    rateLimit: "route:oauth-revoke",
  },
  async ({ req, requestId }) => {
    const token = (await readForm(req))?.get("logout_token");
    if (!token || token.length > 8192) return invalid();
    try {
      await endSessionsForLogout(await verifyLogoutToken(token), { requestId });
    } catch (err) {
      if (!(err instanceof LogoutTokenRefused)) throw err;
      logger().warn({ requestId, reason: err.message }, "back-channel logout refused");
      return invalid();
    }
    return new Response(null, { status: 200, headers: NO_STORE });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: backchannelLogout });
