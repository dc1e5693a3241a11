import { handlers, route } from "@/lib/server/http/route";
import { publishedKeys } from "@/lib/server/partners/tokens";

export const dynamic = "force-dynamic";

/** The public keys that verify partner access tokens (active and recently retired). */
const jwks = route(
  { method: "GET", path: "/.well-known/jwks.json", summary: "Token signing keys (JWKS)" },
  async () =>
    Response.json(await publishedKeys(), { headers: { "Cache-Control": "public, max-age=300" } }),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: jwks });
