// Server errors are logged once, with the digest the user sees and the request id, and without
// the request's headers, cookies or body (they may carry credentials or customer data).
import type { Instrumentation } from "next";

/**
 * Server start: signed audit checkpoints at their interval, and the alert webhook's outbox poll
 * (the audit sealer starts on first use).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAnchoring } = await import("@/lib/server/audit/anchor");
  const { startAlertDelivery } = await import("@/lib/server/alerts/webhook");
  startAnchoring();
  startAlertDelivery();
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("@/lib/server/log");
  const err = error as Error & { digest?: string };
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
