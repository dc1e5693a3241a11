import { readiness } from "@/lib/server/health/readiness";
import { handlers, route } from "@/lib/server/http/route";
import { logger } from "@/lib/server/log";
import { problemResponse } from "@/lib/security/problem";

let lastReported = "";

/**
 * Readiness for load balancers: the status only. Which dependency failed, or which privilege
 * warning applies, goes to the log (once per change), not to anonymous callers.
 */
const ready = route(
  { method: "GET", path: "/api/ready", summary: "Readiness (status only)" },
  async () => {
    const { ready: ok, checks, warnings } = await readiness();
    const report = JSON.stringify({ checks: checks.filter((c) => !c.ok), warnings });
    if (report !== lastReported) {
      lastReported = report;
      if (!ok || warnings.length) logger().warn({ checks, warnings }, "readiness");
    }
    if (!ok) return problemResponse(503, "Service Unavailable", "A dependency is not ready.");
    return { status: warnings.length ? "ready-with-warnings" : "ready" };
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: ready });
