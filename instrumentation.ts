// Server errors are logged once, with the digest the user sees and the request id, and without
// the request's headers, cookies or body (they may carry credentials or customer data).
import type { Instrumentation } from "next";

/**
 * Server start: the alert rules' subscription to the audit trail, the before-Next hook the
 * production preload calls, and the background job runner.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  // OpenTelemetry traces (Next's own spans: routes, rendering, fetches), exported over OTLP only
  // when an endpoint is configured. Span names are route templates; no bodies or headers.
  if (env().OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { registerOTel } = await import("@vercel/otel");
    registerOTel({ serviceName: env().OTEL_SERVICE_NAME });
  }
  // Alerts follow every appended audit row (audit itself knows nothing of them).
  const { registerAlertRules } = await import("@/lib/server/alerts/subscribe");
  registerAlertRules();
  const { installBeforeNext } = await import("@/lib/server/http/before-next");
  installBeforeNext();
  // Background jobs (lib/server/jobs): run here too (VEIL_JOBS=inline, one-process installs),
  // or only asked for, with `veil worker` processes running them (VEIL_JOBS=external).
  const { startJobRunner } = await import("@/lib/server/jobs/runner");
  await startJobRunner();
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { firstReportOf, logger } = await import("@/lib/server/log");
  const err = error as Error & { digest?: string };
  if (!firstReportOf(err.digest)) return; // the same failure, reported by another render phase
  const headers = request.headers as Record<string, string | string[] | undefined>;
  logger().error(
    {
      digest: err.digest,
      requestId: headers["x-request-id"],
      method: request.method,
      route: context.routePath,
      kind: context.routeType,
      error: { name: err.name, message: err.message, stack: err.stack },
    },
    "request failed",
  );
};
