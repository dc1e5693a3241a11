import { revocationRequest } from "@/lib/server/partners/oauth";
import { handlers, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** RFC 7009 token revocation: the token stops working on every instance at once. */
const revoke = route(
  {
    method: "POST",
    path: "/api/v1/oauth/revoke",
    summary: "Revoke a partner access token",
    rateLimit: { name: "oauth-revoke", requests: 60, window: "1 m" },
  },
  async ({ req }) => {
    const r = await revocationRequest(req, {
      ip: req.headers.get("x-veil-client-ip"),
      requestId: req.headers.get("x-request-id"),
    });
    return Response.json(r.body, { status: r.status, headers: { "Cache-Control": "no-store" } });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: revoke });
