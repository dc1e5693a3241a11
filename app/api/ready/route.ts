import { readiness } from "@/lib/server/health/readiness";
import { methodNotAllowed } from "@/lib/server/http/methods";
import { problemResponse } from "@/lib/security/problem";

export const dynamic = "force-dynamic";

export async function GET() {
  const { ready, checks, warnings } = await readiness();
  if (!ready) {
    return problemResponse(503, "Service Unavailable", "A dependency is not ready.", {
      checks,
      warnings,
    });
  }
  return Response.json(
    { status: warnings.length ? "ready-with-warnings" : "ready", checks, warnings },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
