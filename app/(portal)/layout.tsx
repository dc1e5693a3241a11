import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { SignedInShell } from "./_components/signed-in-shell";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // Pages re-check for themselves; the layout only needs someone signed in to draw the chrome.
  const viewer = await viewerOrRedirect({ allowMfaPending: true });
  return <SignedInShell viewer={viewer}>{children}</SignedInShell>;
}
