import Link from "next/link";
import { Logo } from "@/components/ui/logo";

export type ShellViewer = {
  name: string;
  email: string;
  roleLabel: string;
  canManageUsers: boolean;
  canDecideReveals: boolean;
  canManagePartners: boolean;
};

const linkClass =
  "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-brand-900";

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
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-6 px-6 py-3">
          <div className="flex items-center gap-6">
            <Link href="/customers" className="text-brand-900" aria-label="Veil home">
              <Logo />
            </Link>
            <nav aria-label="Main" className="flex items-center gap-1">
              <Link href="/customers" className={linkClass}>
                Customers
              </Link>
              {viewer.canDecideReveals ? (
                <Link href="/approvals" className={linkClass}>
                  Approvals
                </Link>
              ) : null}
              {viewer.canManageUsers ? (
                <Link href="/admin/users" className={linkClass}>
                  Users
                </Link>
              ) : null}
              {viewer.canManagePartners ? (
                <Link href="/admin/partners" className={linkClass}>
                  Partners
                </Link>
              ) : null}
              <Link href="/account" className={linkClass}>
                Account
              </Link>
            </nav>
          </div>
          <div className="flex items-center gap-3">
            <div className="text-right leading-tight">
              <p className="text-sm font-medium text-slate-900">{viewer.name}</p>
              <p className="text-xs text-slate-500">
                {viewer.roleLabel} · {viewer.email}
              </p>
            </div>
            {signOut}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-6 py-8">
        {children}
      </main>
    </div>
  );
}
