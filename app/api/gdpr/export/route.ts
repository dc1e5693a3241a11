import { subjectExportSchema } from "@/lib/schemas/gdpr";
import { exportSubjectData } from "@/lib/server/gdpr/subject-export";
import { jsonDownload } from "@/lib/server/http/download";
import { handlers, route, staffSession } from "@/lib/server/http/route";

/** GDPR subject access: one customer's data in full and its access history, as a JSON file. */
const exportSubject = route(
  {
    method: "POST",
    path: "/api/gdpr/export",
    summary: "Subject access export",
    auth: staffSession,
    capability: exportSubjectData.capability,
    body: subjectExportSchema,
    rateLimit: "route:gdpr-export",
    noStore: true,
  },
  async ({ principal, body }) => {
    const data = await exportSubjectData(principal, body);
    return jsonDownload(data, `subject-access-${data.customer.id}.json`);
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: exportSubject });
