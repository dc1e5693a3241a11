import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PartnerPrincipal } from "@/lib/server/auth/principal";

/** The partner columns a principal is built from (one read per authenticated request). */
export const principalColumns = {
  id: true,
  profile: true,
  scopes: true,
  purpose: true,
  disabled: true,
  perMinute: true,
  perHour: true,
  perDay: true,
  ipAllowList: true,
  corsOrigins: true,
  secretGeneration: true,
  previousSecretUntil: true,
} satisfies Prisma.PartnerSelect;

export type PrincipalRow = Prisma.PartnerGetPayload<{ select: typeof principalColumns }>;

export function toPartnerPrincipal(
  p: PrincipalRow,
  grant: { scopes: string[]; secretGeneration: number },
  ctx: { ip: string | null; requestId: string | null },
): PartnerPrincipal {
  return {
    kind: "partner",
    partnerId: p.id,
    profile: p.profile,
    purpose: p.purpose,
    scopes: grant.scopes,
    limits: { perMinute: p.perMinute, perHour: p.perHour, perDay: p.perDay },
    network: { ipAllowList: p.ipAllowList, corsOrigins: p.corsOrigins },
    secretGeneration: grant.secretGeneration,
    ...ctx,
  };
}
