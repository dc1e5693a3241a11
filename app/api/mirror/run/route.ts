import { z } from "zod";
import { requireUploadContentType } from "@/lib/server/http/json-body";
import { handlers, route, staffSession } from "@/lib/server/http/route";
import { startMirrorRun } from "@/lib/server/mirror";
import { AppError } from "@/lib/server/errors";

/** The upload as it arrives, chunk by chunk (read as fast as the masked output is consumed). */
async function* bodyChunks(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** `1:hidden,3:token` → `{ "1": "hidden", "3": "token" }`; `0,2` → `[0, 2]`. */
const runQuery = z
  .object({
    rules: z
      .string()
      .max(2000)
      .regex(/^(\d{1,4}:[a-z0-9]{1,12})(,\d{1,4}:[a-z0-9]{1,12})*$/, "column:level pairs")
      .optional(),
    k: z
      .string()
      .max(60)
      .regex(/^\d{1,4}(,\d{1,4})*$/, "column numbers")
      .optional(),
    project: z.string().max(60).optional(),
    /** The preview's `upload`: the file gets the pseudonyms the preview showed. */
    upload: z.string().max(36).optional(),
  })
  .strict();

/**
 * The whole file, streamed: masked CSV streamed back (nothing retained). Outside the middleware,
 * which would buffer the upload in memory; the wrapper runs the same request guard.
 */
const run = route(
  {
    method: "POST",
    path: "/api/mirror/run",
    summary: "Data Mirror run",
    auth: staffSession,
    capability: startMirrorRun.capability,
    rateLimit: "route:mirror-run",
    query: runQuery,
    noStore: true,
  },
  async ({ principal, req, query }) => {
    requireUploadContentType(req);
    if (!req.body) throw new AppError("VALIDATION", "no body", "Upload a file.");
    const { run: id, stream } = await startMirrorRun(principal, bodyChunks(req.body), {
      choices: Object.fromEntries((query.rules?.split(",") ?? []).map((p) => p.split(":"))),
      kColumns: query.k?.split(",").map(Number) ?? [],
      ...(query.project ? { project: query.project } : {}),
      ...(query.upload ? { upload: query.upload } : {}),
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="masked.csv"',
        "Cache-Control": "no-store",
        "Veil-Mirror-Run": id,
      },
    });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: run });
