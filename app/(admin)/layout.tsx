import { notFound } from "next/navigation";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { can } from "@/lib/policy/capabilities";
import { SignedInShell } from "../(portal)/_components/signed-in-shell";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await viewerOrRedirect();
  // Defence in depth: each admin page's data functions check their own capability again.
  if (
    !can(viewer, "users.manage") &&
    !can(viewer, "partners.manage") &&
    !can(viewer, "audit.read_access")
  )
    notFound();
  return <SignedInShell viewer={viewer}>{children}</SignedInShell>;
}
