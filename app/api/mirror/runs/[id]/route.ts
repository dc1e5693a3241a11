import { z } from "zod";
import { handlers, route, staffSession } from "@/lib/server/http/route";
import { mirrorRunStatus } from "@/lib/server/mirror";

/** How a run ended (rows, k, or the error), for the user who started it. */
const status = route(
  {
    method: "GET",
    path: "/api/mirror/runs/{id}",
    summary: "Data Mirror run status",
    auth: staffSession,
    capability: mirrorRunStatus.capability,
    params: z.object({ id: z.string().uuid() }),
    noStore: true,
  },
  ({ principal, params }) => mirrorRunStatus(principal, params.id),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: status });
