import type { GatedPage } from "@/lib/policy/pages";
import { viewerForPage } from "@/lib/server/auth/viewer";

/**
 * A segment layout that lets only the roles `page` is for through (lib/policy/pages.ts). As a
 * layout it runs outside the segment's loading boundary, before anything streams, so a role the
 * page is not for gets a real 404 status with the portal's not-found page in the shell. (The page
 * calls `viewerForPage` too: Next renders a layout and its page at the same time.)
 */
export function pageGate(page: GatedPage) {
  return async function PageGate({ children }: { children: React.ReactNode }) {
    await viewerForPage(page);
    return children;
  };
}
