import { handlers, route } from "@/lib/server/http/route";

/** Liveness: the process answers. Dependencies are /api/ready's business. */
const health = route({ method: "GET", path: "/api/health", summary: "Liveness" }, async () => ({
  status: "ok",
}));

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: health });
