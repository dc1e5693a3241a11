import { API_V1 } from "@/lib/server/http/api-v1";
import { handlers, route } from "@/lib/server/http/route";
import { publishedKeys } from "@/lib/server/partners/tokens";

/** The public keys that verify partner access tokens (active and recently retired). */
const jwks = route(API_V1.signingKeys, async () =>
  Response.json(await publishedKeys(), { headers: { "Cache-Control": "public, max-age=300" } }),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: jwks });
