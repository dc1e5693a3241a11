import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "@/lib/server/audit/append";
import { requireStepUp, requireUserCapability, type Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { scimTokenFormSchema, type ScimTokenRow } from "@/lib/schemas/scim";

// Bearer tokens for the identity provider's SCIM client, one per provider: shown once, stored
// as a SHA-256 hash (256 random bits: nothing to brute-force), revocable, audited.

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

const scimTokenTargetSchema = z.object({ tokenId: z.string().uuid("Unknown token.") }).strict();

function authorize(actor: Principal) {
  requireUserCapability(actor, "users.manage");
  requireStepUp(actor);
}

export async function createScimToken(
  actor: Principal,
  input: unknown,
): Promise<{ id: string; token: string }> {
  authorize(actor);
  const { name } = parseInput(scimTokenFormSchema, input);
  const token = `vscim_${randomBytes(32).toString("base64url")}`;
  const row = await db().$transaction(async (tx) => {
    const created = await tx.scimToken.create({
      data: {
        name,
        tokenHash: hash(token),
        createdBy: actor.kind === "user" ? actor.userId : null,
      },
    });
    await appendAudit(tx, {
      actor,
      action: "scim.token_create",
      target: { type: "scim_token", id: created.id },
    });
    return created;
  });
  return { id: row.id, token };
}

export async function revokeScimToken(actor: Principal, input: unknown): Promise<void> {
  authorize(actor);
  const { tokenId } = parseInput(scimTokenTargetSchema, input);
  await db().$transaction(async (tx) => {
    const { count } = await tx.scimToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (!count) throw new AppError("NOT_FOUND", "scim token", "That token is gone or revoked.");
    await appendAudit(tx, {
      actor,
      action: "scim.token_revoke",
      target: { type: "scim_token", id: tokenId },
    });
  });
}

export async function listScimTokens(actor: Principal): Promise<ScimTokenRow[]> {
  requireUserCapability(actor, "users.manage");
  const rows = await db().scimToken.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

/** The live token a SCIM request presents, or null (unknown, revoked, malformed). */
export async function scimTokenFor(authorization: string | null): Promise<{ id: string } | null> {
  const m = /^Bearer (vscim_[A-Za-z0-9_-]{43})$/.exec(authorization ?? "");
  if (!m) return null;
  const row = await db().scimToken.findUnique({
    where: { tokenHash: hash(m[1]!) },
    select: { id: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  // Last use to the minute is enough for the admin screen, and spares a write per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)
    await db().scimToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { id: row.id };
}
