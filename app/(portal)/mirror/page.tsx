import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/policy/capabilities";
import { env } from "@/lib/env";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { MIRROR_PREVIEW_BYTES } from "@/lib/server/http/body-limits";
import { MirrorTool } from "./mirror-tool";

export const metadata: Metadata = { title: "Data Mirror" };

export default async function MirrorPage() {
  const viewer = await viewerOrRedirect();
  if (!can(viewer, "mirror.use")) notFound();
  const e = env();
  return (
    <>
      <PageHeader
        title="Data Mirror"
        description="Mask a CSV or TSV file and download the masked copy. The file is processed as it streams through and is never stored."
      />
      <MirrorTool
        maxBytes={e.VEIL_MIRROR_MAX_BYTES}
        maxRows={e.VEIL_MIRROR_MAX_ROWS}
        previewBytes={MIRROR_PREVIEW_BYTES}
      />
    </>
  );
}
