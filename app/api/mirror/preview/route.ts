import { z } from "zod";
import { mirrorPreviewSchema } from "@/lib/schemas/mirror";
import { readBoundedBytes, requireUploadContentType } from "@/lib/server/http/json-body";
import { handlers, route, staffSession } from "@/lib/server/http/route";
import { MIRROR_PREVIEW_BYTES } from "@/lib/server/http/body-limits";
import { previewMirror } from "@/lib/server/mirror";

/** The first 256 KB of a file: each column's detected type, the rules allowed, masked rows. */
const preview = route(
  {
    method: "POST",
    path: "/api/mirror/preview",
    summary: "Data Mirror preview",
    auth: staffSession,
    capability: previewMirror.capability,
    rateLimit: "route:mirror-preview",
    response: mirrorPreviewSchema,
    noStore: true,
    query: z.object({ project: z.string().max(60).optional() }).strict(),
  },
  async ({ principal, req, query }) => {
    requireUploadContentType(req);
    return previewMirror(principal, await readBoundedBytes(req, MIRROR_PREVIEW_BYTES), query);
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: preview });
