import "server-only";
import { AppError } from "@/lib/server/errors";

const MAX_JSON_BYTES = 16 * 1024;

/**
 * Reads a small JSON body. Requiring `application/json` also means a cross-site HTML form can
 * never produce this request (that would need a CORS preflight, which we never grant).
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new AppError(
      "VALIDATION",
      "wrong content type",
      "Send JSON (Content-Type: application/json).",
    );
  }
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES)
    throw new AppError("VALIDATION", "body too large", "The request body is too large.");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "malformed json", "The request body is not valid JSON.");
  }
}
