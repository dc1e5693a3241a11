import { requireViewer } from "@/lib/server/auth/viewer";
import { revealField } from "@/lib/server/customers/reveal";
import { methodNotAllowed } from "@/lib/server/http/methods";
import { readJsonBody } from "@/lib/server/http/json-body";
import { problemFrom } from "@/lib/server/http/problem";

export const dynamic = "force-dynamic";

/**
 * The audited reveal: one value for one field, never cached anywhere. A route handler rather
 * than a server action so the response can carry `Cache-Control: no-store` itself.
 */
export async function POST(req: Request) {
  try {
    const viewer = await requireViewer();
    const result = await revealField(viewer, await readJsonBody(req));
    return Response.json(result, {
      headers: { "Cache-Control": "no-store, max-age=0", Pragma: "no-cache" },
    });
  } catch (err) {
    return problemFrom(err, req.headers.get("x-request-id"));
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
