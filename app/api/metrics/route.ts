import { problemResponse } from "@/lib/security/problem";
import { metrics, metricsAuthorized } from "@/lib/server/metrics";

/**
 * Prometheus scrape endpoint. Off (404) unless VEIL_METRICS_TOKEN is set; then it needs that
 * token as a bearer. Not a `route()`: it must not count itself into the request metrics.
 */
export async function GET(req: Request) {
  const access = metricsAuthorized(req.headers.get("authorization"));
  if (access === "off")
    return problemResponse(404, "NOT_FOUND", "Not found.", { code: "NOT_FOUND" });
  if (access === "refused")
    return problemResponse(
      401,
      "UNAUTHENTICATED",
      "A valid metrics token is required.",
      { code: "UNAUTHENTICATED" },
      { "WWW-Authenticate": 'Bearer realm="veil-metrics"' },
    );
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
