import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { MIRROR_PREVIEW_BYTES } from "@/lib/server/http/body-limits";
import { MirrorTool } from "./mirror-tool";

export const metadata: Metadata = { title: "Data Mirror" };

export default async function MirrorPage() {
  await viewerForPage("/mirror");
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
