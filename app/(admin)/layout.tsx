import { notFound } from "next/navigation";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { Shell } from "../(portal)/_components/shell";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await viewerOrRedirect();
  if (viewer.role !== "ADMIN") notFound();
  return <Shell viewer={viewer}>{children}</Shell>;
}
