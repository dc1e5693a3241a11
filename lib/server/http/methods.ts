import { problemResponse } from "@/lib/security/problem";

/** Route handlers export this for the verbs they do not serve, so the answer is problem+json. */
export function methodNotAllowed(allowed: string[]) {
  const handler = () =>
    problemResponse(405, "Method Not Allowed", "This method is not supported here.", {}, {
      Allow: allowed.join(", "),
    });
  return { POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
