import { API_V1 } from "@/lib/server/http/api-v1";
import { openApiDocument } from "@/lib/server/http/openapi";
import { handlers, route } from "@/lib/server/http/route";

/** The partner API's OpenAPI 3.1 document, generated from the routes' own schemas. */
const document = route(API_V1.openApi, async () =>
  Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: document });
