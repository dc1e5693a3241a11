import { PortalShell } from "@/components/portal-shell";
import { ROLE_LABELS } from "@/lib/schemas/users";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { SignOutButton } from "./sign-out-button";

/** Server side of the shell: turns the principal into the few display fields the chrome needs. */
export function Shell({ viewer, children }: { viewer: UserPrincipal; children: React.ReactNode }) {
  return (
    <PortalShell
      viewer={{
        name: viewer.name,
        email: viewer.email,
        roleLabel: ROLE_LABELS[viewer.role],
        isAdmin: viewer.role === "ADMIN",
        isOfficer: viewer.role === "OFFICER",
      }}
      signOut={<SignOutButton />}
    >
      {children}
    </PortalShell>
  );
}
