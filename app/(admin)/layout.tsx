import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { SignedInShell } from "../(portal)/_components/signed-in-shell";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // Each admin page's layout lets only its roles through (a 404 in this shell for the rest);
  // each page's data functions check their own capability again.
  const viewer = await viewerOrRedirect();
  return <SignedInShell viewer={viewer}>{children}</SignedInShell>;
}
