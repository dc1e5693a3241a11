import { PortalShell } from "@/components/portal-shell";
import { can, ROLE_LABELS } from "@/lib/policy/capabilities";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { countOpenAlerts } from "@/lib/server/alerts/inbox";
import { countWaitingRevealRequests } from "@/lib/server/customers/reveal-requests";
import { countWaitingErasures } from "@/lib/server/gdpr/erasure";
import { SignOutButton } from "./sign-out-button";

/** Server side of the shell: turns the principal into the few display fields the chrome needs. */
export async function SignedInShell({
  viewer,
  children,
}: {
  viewer: UserPrincipal;
  children: React.ReactNode;
}) {
  const canDecideReveals = can(viewer, "reveal.decide");
  const canDecideErasures = can(viewer, "gdpr.erase_decide");
  const canManageAlerts = can(viewer, "alerts.manage");
  return (
    <PortalShell
      viewer={{
        name: viewer.name,
        email: viewer.email,
        roleLabel: ROLE_LABELS[viewer.role],
        canManageUsers: can(viewer, "users.manage"),
        canSeeApprovals: canDecideReveals || canDecideErasures || can(viewer, "gdpr.erase_request"),
        waitingApprovals:
          (canDecideReveals ? await countWaitingRevealRequests(viewer) : 0) +
          (canDecideErasures ? await countWaitingErasures(viewer) : 0),
        canManagePartners: can(viewer, "partners.manage"),
        canReadAudit: can(viewer, "audit.read") || can(viewer, "audit.read_access"),
        canManageAlerts,
        canUseMirror: can(viewer, "mirror.use"),
        openAlerts: canManageAlerts ? await countOpenAlerts(viewer) : 0,
      }}
      signOut={<SignOutButton />}
    >
      {children}
    </PortalShell>
  );
}
