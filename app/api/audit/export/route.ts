import { auditExportSchema } from "@/lib/schemas/audit";
import { exportAudit } from "@/lib/server/audit/export";
import { handlers, route, staffSession } from "@/lib/server/http/route";

/**
 * The audit viewer's filtered set as a download (CSV or JSON), streamed in batches. The data
 * layer checks who may read which events and audits the export itself.
 */
const exportRoute = route(
  {
    method: "GET",
    path: "/api/audit/export",
    summary: "Export the filtered audit trail (audit readers; streamed; audited)",
    auth: staffSession,
    query: auditExportSchema,
    rateLimit: "route:audit-export",
  },
  async ({ principal, query }) => {
    const { stream, contentType, filename } = await exportAudit(principal, query);
    return new Response(stream, {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store, max-age=0",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: exportRoute });
