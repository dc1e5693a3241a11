import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Principal } from "@/lib/server/auth/principal";

/**
 * Which customer records a caller can see at all (masking then decides how much of each).
 * Staff see every record; a partner sees only the records shared with it. A record outside
 * visibility is answered exactly like one that does not exist.
 */
export function visibleTo(actor: Principal): Prisma.CustomerWhereInput {
  if (actor.kind === "partner") return { sharedWith: { some: { partnerId: actor.partnerId } } };
  return {};
}

/** `visibleTo` as SQL over the customer table aliased `c` (statements that read and audit at once). */
export function visibleToSql(actor: Principal): Prisma.Sql {
  if (actor.kind === "partner")
    return Prisma.sql`EXISTS (SELECT 1 FROM "PartnerCustomer" pc
      WHERE pc."customerId" = c."id" AND pc."partnerId" = ${actor.partnerId}::uuid)`;
  return Prisma.sql`TRUE`;
}
