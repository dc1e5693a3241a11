import { z } from "zod";
import { erasureCertificate } from "@/lib/server/gdpr/certificate";
import { jsonDownload } from "@/lib/server/http/download";
import { handlers, route, staffSession } from "@/lib/server/http/route";

/** The deletion certificate of a carried-out erasure, as a JSON file to keep with the case. */
const certificate = route(
  {
    method: "GET",
    path: "/api/gdpr/erasures/{id}/certificate",
    summary: "Erasure (deletion) certificate",
    // Requesters and deciders (two capabilities): checked in the data layer.
    auth: staffSession,
    params: z.object({ id: z.string().uuid() }),
    noStore: true,
  },
  async ({ principal, params }) => {
    const cert = await erasureCertificate(principal, params.id);
    return jsonDownload(cert, `erasure-certificate-${cert.certificateId}.json`);
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: certificate });
