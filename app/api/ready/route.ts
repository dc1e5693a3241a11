import { readiness } from "@/lib/server/health/readiness";
import { methodNotAllowed } from "@/lib/server/http/methods";
import { logger } from "@/lib/server/log";
import { problemResponse } from "@/lib/security/problem";

export const dynamic = "force-dynamic";

let lastReported = "";

/**
 * Readiness for load balancers: the status only. Which dependency failed, or which privilege
 * warning applies, goes to the log (once per change), not to anonymous callers.
 */
export async function GET() {
  const { ready, checks, warnings } = await readiness();
  const report = JSON.stringify({ checks: checks.filter((c) => !c.ok), warnings });
  if (report !== lastReported) {
    lastReported = report;
    if (!ready || warnings.length) logger().warn({ checks, warnings }, "readiness");
  }
  if (!ready) return problemResponse(503, "Service Unavailable", "A dependency is not ready.");
  return Response.json(
    { status: warnings.length ? "ready-with-warnings" : "ready" },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
