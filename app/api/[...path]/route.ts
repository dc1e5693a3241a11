import { isPartnerApiPath } from "@/lib/security/outside-middleware";
import { problemResponse } from "@/lib/security/problem";
import { guardedHere } from "@/lib/server/http/guarded";

// Unknown API routes answer in the API's own error format, not with an HTML page.
const refuse = async () => problemResponse(404, "Not Found", "No such API route.");
const guardedRefusal = guardedHere("/api/v1/", refuse);

/** Under the partner API the middleware does not run, so the answer is guarded here. */
function notFound(req: Request) {
  return isPartnerApiPath(new URL(req.url).pathname) ? guardedRefusal(req) : refuse();
}

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
};
