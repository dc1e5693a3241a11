import "server-only";
import type { Principal } from "@/lib/server/auth/principal";

/** The policy row a principal reads with. Anything else maps to a subject no row matches. */
export function policySubject(p: Principal): string {
  if (p.kind === "user") return `role:${p.role}`;
  if (p.kind === "partner") return `partner:${p.profile}`;
  return "none";
}
