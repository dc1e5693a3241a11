import { problemResponse } from "@/lib/security/problem";

export const dynamic = "force-dynamic";

// Unknown API routes answer in the API's own error format, not with an HTML page.
function notFound() {
  return problemResponse(404, "Not Found", "No such API route.");
}

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
};
