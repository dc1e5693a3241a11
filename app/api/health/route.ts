import { methodNotAllowed } from "@/lib/server/http/methods";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. Dependencies are /api/ready's business. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
