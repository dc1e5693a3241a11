import "server-only";
import { AppError } from "@/lib/server/errors";

import { MAX_JSON_BYTES } from "./body-limits";

/**
 * The one reader of request bodies: reads at most `limit` bytes, refusing (not truncating)
 * anything longer, and stops reading there (TOO_LARGE: 413), however much the client sends.
 */
export async function readBoundedBytes(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("TOO_LARGE", "declared body too large");
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("TOO_LARGE", "body too large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Upload bodies: a file's bytes, never a form (which a cross-site page could post without CORS). */
const UPLOAD_TYPES = ["text/csv", "text/tab-separated-values", "application/octet-stream"];
export function requireUploadContentType(req: Request) {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!UPLOAD_TYPES.includes(type))
    throw new AppError(
      "UNSUPPORTED_MEDIA",
      "wrong upload content type",
      "Send the file as text/csv.",
    );
}

/**
 * Reads a small JSON body. Requiring `application/json` also means a cross-site HTML form can
 * never produce this request (that would need a CORS preflight, which cookie routes never grant).
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json"))
    throw new AppError("UNSUPPORTED_MEDIA", "wrong content type");
  const text = (await readBoundedBytes(req, MAX_JSON_BYTES)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "malformed json", "The request body is not valid JSON.");
  }
}
