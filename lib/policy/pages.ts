import type { Principal } from "./principal";
import { can } from "./capabilities";

// Which signed-in pages a role may open: one table for the pages' own gates (a 404 inside the
// shell, before anything streams) and for the navigation that offers them. Pages not listed
// (customers, a customer, the account) are open to every signed-in role; what each shows is
// still decided by the data functions behind it.

export const PAGE_ACCESS = {
  "/approvals": (p: Principal) =>
    can(p, "reveal.decide") || can(p, "gdpr.erase_decide") || can(p, "gdpr.erase_request"),
  "/mirror": (p: Principal) => can(p, "mirror.use"),
  "/customers/new": (p: Principal) => can(p, "customers.write"),
  "/customers/[id]/edit": (p: Principal) => can(p, "customers.write"),
  "/admin/users": (p: Principal) => can(p, "users.manage"),
  "/admin/sign-in": (p: Principal) => can(p, "users.manage"),
  "/admin/partners": (p: Principal) => can(p, "partners.manage"),
  "/admin/audit": (p: Principal) => can(p, "audit.read") || can(p, "audit.read_access"),
  "/admin/alerts": (p: Principal) => can(p, "alerts.manage"),
} as const;

export type GatedPage = keyof typeof PAGE_ACCESS;

export function mayOpen(p: Principal, page: GatedPage): boolean {
  return PAGE_ACCESS[page](p);
}
