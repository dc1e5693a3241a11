import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { Toaster } from "@/components/ui/toaster";
import { PortalNav, UserMenu, type NavItem } from "./portal-nav";

export type ShellViewer = {
  name: string;
  email: string;
  roleLabel: string;
  canManageUsers: boolean;
  canSeeApprovals: boolean;
  canManagePartners: boolean;
  canReadAudit: boolean;
  canManageAlerts: boolean;
  canUseMirror: boolean;
  /** Alerts nobody has acknowledged yet (alert managers only). */
  openAlerts: number;
  /** Reveal and erasure requests waiting for this viewer's decision (deciders only). */
  waitingApprovals: number;
};

/** The chrome around every signed-in page: navigation by role, who you are, sign out. */
export function PortalShell({
  viewer,
  signOut,
  children,
}: {
  viewer: ShellViewer;
  signOut: React.ReactNode;
  children: React.ReactNode;
}) {
  const items: NavItem[] = [
    { href: "/customers", label: "Customers" },
    ...(viewer.canSeeApprovals
      ? [{ href: "/approvals", label: "Approvals", count: viewer.waitingApprovals }]
      : []),
    ...(viewer.canUseMirror ? [{ href: "/mirror", label: "Data Mirror" }] : []),
    ...(viewer.canManageUsers ? [{ href: "/admin/users", label: "Users" }] : []),
    ...(viewer.canManagePartners ? [{ href: "/admin/partners", label: "Partners" }] : []),
    ...(viewer.canReadAudit ? [{ href: "/admin/audit", label: "Audit" }] : []),
    ...(viewer.canManageAlerts
      ? [{ href: "/admin/alerts", label: "Alerts", count: viewer.openAlerts }]
      : []),
    { href: "/account", label: "Account" },
  ];
  const detail = `${viewer.roleLabel} · ${viewer.email}`;
  return (
    <Toaster>
      <div className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3 sm:gap-6 sm:px-6">
            <div className="flex min-w-0 items-center gap-3 sm:gap-6">
              <Link href="/customers" className="shrink-0 text-brand-900" aria-label="Veil home">
                <Logo />
              </Link>
              <PortalNav
                items={items}
                account={
                  <div className="space-y-3">
                    <p className="text-sm leading-tight">
                      <span className="block font-medium text-slate-900">{viewer.name}</span>
                      <span className="block break-all text-xs text-slate-600">{detail}</span>
                    </p>
                    {signOut}
                  </div>
                }
              />
            </div>
            <UserMenu name={viewer.name} detail={detail} />
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
          {children}
        </main>
      </div>
    </Toaster>
  );
}
