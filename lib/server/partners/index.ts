import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  createPartnerSchema,
  rotatePartnerSecretSchema,
  partnerSharingSchema,
  setPartnerDisabledSchema,
  type CustomerSelection,
  type PartnerRow,
} from "@/lib/schemas/partners";
import { appendAudit, audited } from "@/lib/server/audit/append";
import {
  requireCapability,
  requireStepUp,
  type PartnerPrincipal,
  type Principal,
} from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { partnerForSecret, rotatePartnerSecretHash } from "@/lib/server/secret-accessors";
import { parseInput } from "@/lib/server/validation";
import { partnerChanged, principalColumns, toPartnerPrincipal } from "./principal";

const rowSelect = {
  id: true,
  name: true,
  clientId: true,
  profile: true,
  scopes: true,
  purpose: true,
  perMinute: true,
  perHour: true,
  perDay: true,
  ipAllowList: true,
  corsOrigins: true,
  disabled: true,
  createdAt: true,
  _count: { select: { customers: true } },
} satisfies Prisma.PartnerSelect;

function toPartnerRow({
  _count,
  ...p
}: Prisma.PartnerGetPayload<{ select: typeof rowSelect }>): PartnerRow {
  return { ...p, createdAt: p.createdAt.toISOString(), sharedCount: _count.customers };
}

/** Client secrets are 256 random bits, so a fast hash is enough: nothing to brute-force. */
function hashSecret(secret: string) {
  return createHash("sha256").update(secret).digest("hex");
}

function newSecret() {
  const secret = `vps_${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashSecret(secret) };
}

/** Partner administration: `partners.manage`, and for staff a recent step-up. */
function authorizeManagement(actor: Principal) {
  requireCapability(actor, "partners.manage");
  if (actor.kind === "user") requireStepUp(actor);
}

/** Creates a partner. The client secret is returned once and stored only as a hash. */
export async function createPartner(
  actor: Principal,
  input: unknown,
): Promise<{ partner: PartnerRow; clientId: string; clientSecret: string }> {
  authorizeManagement(actor);
  const data = parseInput(createPartnerSchema, input);
  const clientId = `vpc_${randomBytes(12).toString("base64url")}`;
  const { secret, hash } = newSecret();
  const partner = await audited(
    (p: PartnerRow) => ({
      actor,
      action: "partner.create",
      target: { type: "partner", id: p.id },
      detail: { profile: data.profile, scopes: data.scopes },
    }),
    async (tx) =>
      toPartnerRow(
        await tx.partner.create({
          data: { ...data, clientId, secretHash: hash },
          select: rowSelect,
        }),
      ),
  );
  return { partner, clientId, clientSecret: secret };
}

export async function listPartners(actor: Principal): Promise<PartnerRow[]> {
  requireCapability(actor, "partners.manage");
  const rows = await db().partner.findMany({
    select: rowSelect,
    orderBy: [{ name: "asc" }, { id: "asc" }], // stable: disabling does not move a row
  });
  return rows.map(toPartnerRow);
}

/** A partner's id by client id (operators name partners by client id), or NOT_FOUND. */
export async function partnerIdByClientId(actor: Principal, clientId: unknown): Promise<string> {
  requireCapability(actor, "partners.manage");
  const partner =
    typeof clientId === "string" && clientId.length <= 40
      ? await db().partner.findUnique({ where: { clientId }, select: { id: true } })
      : null;
  if (!partner)
    throw new AppError("NOT_FOUND", "no such partner", "No partner with that client id.");
  return partner.id;
}

/** Disabling takes effect at once: the secret stops working (tokens: with the partner API). */
export async function setPartnerDisabled(actor: Principal, input: unknown): Promise<PartnerRow> {
  authorizeManagement(actor);
  const { partnerId, disabled } = parseInput(setPartnerDisabledSchema, input);
  const row = await db().$transaction(async (tx) => {
    const { count } = await tx.partner.updateMany({ where: { id: partnerId }, data: { disabled } });
    if (!count) throw new AppError("NOT_FOUND", "partner not found");
    await appendAudit(tx, {
      actor,
      action: disabled ? "partner.disable" : "partner.enable",
      target: { type: "partner", id: partnerId },
    });
    return toPartnerRow(
      await tx.partner.findUniqueOrThrow({ where: { id: partnerId }, select: rowSelect }),
    );
  });
  await partnerChanged(partnerId);
  return row;
}

/** The customers a selection names, as SQL (set-based: sharing "all" never loads every id). */
function selectionWhere(customers: CustomerSelection): Prisma.Sql {
  if (customers.kind === "all") return Prisma.sql`TRUE`;
  if (customers.kind === "chosen") return Prisma.sql`c."id" = ANY(${customers.ids}::uuid[])`;
  // Whole UTC days, the last one included: "to 2026-12-06" means before 2026-12-07 00:00 UTC.
  // Timestamps are stored as UTC without a zone, so bounds are compared as UTC too.
  const utc = (day: string, plusDays = 0) =>
    Prisma.sql`((${day}::date + ${plusDays}::int)::timestamp)`;
  return Prisma.sql`${customers.from ? Prisma.sql`c."createdAt" >= ${utc(customers.from)}` : Prisma.sql`TRUE`}
    AND ${customers.to ? Prisma.sql`c."createdAt" < ${utc(customers.to, 1)}` : Prisma.sql`TRUE`}`;
}

/**
 * Shares customers with a partner, or stops sharing them: the records its API calls can see,
 * before its profile masks them. Unknown ids are skipped; sharing twice changes nothing. Audited
 * with the selection's kind and how many records changed, and the partner's count afterwards.
 */
export async function changePartnerSharing(
  actor: Principal,
  input: unknown,
): Promise<{ changed: number; sharedCount: number }> {
  authorizeManagement(actor);
  const { partnerId, change, customers } = parseInput(partnerSharingSchema, input);
  return db().$transaction(async (tx) => {
    if (!(await tx.partner.count({ where: { id: partnerId } })))
      throw new AppError("NOT_FOUND", "partner not found", "That partner no longer exists.");
    const where = selectionWhere(customers);
    const changed =
      change === "share"
        ? await tx.$executeRaw`INSERT INTO "PartnerCustomer" ("partnerId", "customerId")
            SELECT ${partnerId}::uuid, c."id" FROM "Customer" c WHERE ${where}
            ON CONFLICT DO NOTHING`
        : await tx.$executeRaw`DELETE FROM "PartnerCustomer" pc USING "Customer" c
            WHERE pc."partnerId" = ${partnerId}::uuid AND pc."customerId" = c."id" AND ${where}`;
    const sharedCount = await tx.partnerCustomer.count({ where: { partnerId } });
    await appendAudit(tx, {
      actor,
      action: change === "share" ? "partner.share" : "partner.unshare",
      target: { type: "partner", id: partnerId },
      detail: { selection: customers.kind, changed, sharedCount },
    });
    return { changed, sharedCount };
  });
}

/**
 * A new secret, shown once. The previous one, and tokens issued under it, keep working for the
 * overlap (`rotatePartnerSecretSchema`: 60 minutes by default; 0 after a leak ends them at once).
 */
export async function rotatePartnerSecret(
  actor: Principal,
  input: unknown,
): Promise<{ clientSecret: string; previousValidUntil: string }> {
  authorizeManagement(actor);
  const { partnerId, overlapMinutes } = parseInput(rotatePartnerSecretSchema, input);
  const { secret, hash } = newSecret();
  const until = new Date(Date.now() + overlapMinutes * 60_000);
  await db().$transaction(async (tx) => {
    // The app role cannot read the current hash, so the database moves it itself.
    if (!(await rotatePartnerSecretHash(tx, partnerId, hash, until)))
      throw new AppError("NOT_FOUND", "partner not found");
    await appendAudit(tx, {
      actor,
      action: "partner.rotate_secret",
      target: { type: "partner", id: partnerId },
      detail: { overlapMinutes },
    });
  });
  await partnerChanged(partnerId);
  return { clientSecret: secret, previousValidUntil: until.toISOString() };
}

/**
 * Client authentication for the token endpoint: the secret is hashed here and compared inside
 * the database (the app role never reads a hash). Null for unknown clients, wrong or expired
 * secrets and disabled partners alike.
 */
export async function authenticatePartnerClient(
  clientId: string,
  clientSecret: string,
  ctx: { ip: string | null; requestId: string | null },
): Promise<PartnerPrincipal | null> {
  if (clientId.length > 40 || clientSecret.length > 200) return null;
  const match = await partnerForSecret(db(), clientId, hashSecret(clientSecret));
  if (!match) return null;
  const p = await db().partner.findUnique({
    where: { id: match.id },
    select: principalColumns,
  });
  if (!p || p.disabled) return null;
  return toPartnerPrincipal(p, { scopes: p.scopes, secretGeneration: match.generation }, ctx);
}
