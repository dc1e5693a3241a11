import { problemResponse } from "@/lib/security/problem";

/**
 * Handlers for the verbs a route does not serve, so the answer is problem+json 405 with Allow.
 * Routes export the ones they lack: `export const { POST, PUT } = methodNotAllowed(["GET"])`.
 */
export function methodNotAllowed(allowed: string[]) {
  const handler = () =>
    problemResponse(
      405,
      "Method Not Allowed",
      "This method is not supported here.",
      {},
      { Allow: allowed.join(", ") },
    );
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
