import { PortalShell } from "@/components/portal-shell";
import { can, ROLE_LABELS } from "@/lib/policy/capabilities";
import { mayOpen } from "@/lib/policy/pages";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { countOpenAlerts } from "@/lib/server/alerts/inbox";
import { countWaitingRevealRequests } from "@/lib/server/customers/reveal-requests";
import { countWaitingErasures } from "@/lib/server/gdpr/erasure";
import { SignOutButton } from "./sign-out-button";
import { StepUpClock } from "./step-up-clock";

/**
 * Server side of the shell: turns the principal into the few display fields the chrome needs.
 * The navigation offers exactly the pages the role may open (lib/policy/pages.ts).
 */
export async function SignedInShell({
  viewer,
  children,
}: {
  viewer: UserPrincipal;
  children: React.ReactNode;
}) {
  const canDecideReveals = can(viewer, "reveal.decide");
  const canDecideErasures = can(viewer, "gdpr.erase_decide");
  const canManageAlerts = mayOpen(viewer, "/admin/alerts");
  return (
    <PortalShell
      viewer={{
        name: viewer.name,
        email: viewer.email,
        roleLabel: ROLE_LABELS[viewer.role],
        canManageUsers: mayOpen(viewer, "/admin/users"),
        canSeeApprovals: mayOpen(viewer, "/approvals"),
        waitingApprovals:
          (canDecideReveals ? await countWaitingRevealRequests(viewer) : 0) +
          (canDecideErasures ? await countWaitingErasures(viewer) : 0),
        canManagePartners: mayOpen(viewer, "/admin/partners"),
        canReadAudit: mayOpen(viewer, "/admin/audit"),
        canManageAlerts,
        canUseMirror: mayOpen(viewer, "/mirror"),
        openAlerts: canManageAlerts ? await countOpenAlerts(viewer) : 0,
      }}
      signOut={<SignOutButton />}
    >
      <StepUpClock at={viewer.stepUpAt} />
      {children}
    </PortalShell>
  );
}
