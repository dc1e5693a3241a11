import "server-only";
import { problemResponse } from "@/lib/security/problem";
import { HTTP_STATUS, isAppError } from "@/lib/server/errors";
import { logUnexpected } from "@/lib/server/log";

/** Any failure as problem+json: typed errors with their code, anything else a 500 with an id. */
export function problemFrom(err: unknown, requestId: string | null): Response {
  if (isAppError(err))
    return problemResponse(HTTP_STATUS[err.code], err.code, err.userMessage, { code: err.code });
  const errorId = logUnexpected(err, requestId);
  return problemResponse(500, "Internal Server Error", "Something went wrong.", { errorId });
}
