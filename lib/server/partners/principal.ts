import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PartnerPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { store } from "@/lib/server/store";

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

// Every partner request needs its partner's row; it is cached per process and invalidated
// through the shared store: a change (disable, rotation) bumps the partner's version there, every
// instance compares versions on each request (read with the revocation keys, one round trip),
// and a row read under an older version is read again. The age cap bounds a lost bump.
const ROW_MAX_AGE_MS = 30_000;
const VERSION_TTL_S = 24 * 3600;
const rows = new Map<string, { row: PrincipalRow | null; version: string | null; at: number }>();

/** The store key holding a partner's version (read by `partnerFromAccessToken`). */
export const partnerVersionKey = (partnerId: string) => `veil:partner-version:${partnerId}`;

/** After a committed change to a partner: every instance re-reads its row on the next request. */
export async function partnerChanged(partnerId: string): Promise<void> {
  rows.delete(partnerId);
  await store().incrWithTtl(partnerVersionKey(partnerId), VERSION_TTL_S);
}

/** The partner's principal columns as of `version` (its store version read before this call). */
export async function partnerRow(
  partnerId: string,
  version: string | null,
): Promise<PrincipalRow | null> {
  const hit = rows.get(partnerId);
  if (hit && hit.version === version && Date.now() - hit.at < ROW_MAX_AGE_MS) return hit.row;
  const at = Date.now();
  const row = await db().partner.findUnique({ where: { id: partnerId }, select: principalColumns });
  if (rows.size >= 10_000) rows.clear();
  rows.set(partnerId, { row, version, at });
  return row;
}
