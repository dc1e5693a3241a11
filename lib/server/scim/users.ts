import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { LEAST_ROLE } from "@/lib/policy/capabilities";
import { appendAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { applyAccountChange, SCIM_ACTOR } from "./accounts";
import { listResponse, parsePatchOps, ScimError } from "./http";
import { bool, isScimId, nameOf, parseUser, text } from "./input";

// SCIM Users (RFC 7643 §4.1, RFC 7644 §3): the identity provider creates, finds, changes,
// deactivates and deletes the accounts it manages. Only those: a local account (the break-glass
// admin, a small team's passwords) is invisible here, so the provider can neither read nor take
// it over. Deactivation ends every session at once (the session version, checked against the
// database on every request, on every instance).

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
/** The role of an account no mapped group names yet: the least one (it has no password either). */
const NO_GROUP_ROLE: Role = LEAST_ROLE;

const select = {
  id: true,
  email: true,
  name: true,
  disabled: true,
  role: true,
  scimExternalId: true,
  createdAt: true,
  updatedAt: true,
  scimGroups: { select: { group: { select: { id: true, displayName: true } } } },
} satisfies Prisma.UserSelect;
type Row = Prisma.UserGetPayload<{ select: typeof select }>;

export function toScimUser(u: Row, base: string) {
  return {
    schemas: [USER_SCHEMA],
    id: u.id,
    ...(u.scimExternalId ? { externalId: u.scimExternalId } : {}),
    userName: u.email,
    name: { formatted: u.name },
    displayName: u.name,
    emails: [{ value: u.email, type: "work", primary: true }],
    active: !u.disabled,
    groups: u.scimGroups.map((m) => ({ value: m.group.id, display: m.group.displayName })),
    meta: {
      resourceType: "User",
      created: u.createdAt.toISOString(),
      lastModified: u.updatedAt.toISOString(),
      location: `${base}/Users/${u.id}`,
    },
  };
}

const managed = (id: string) => ({ id, scimManaged: true, scimDeletedAt: null });

async function findManaged(id: string): Promise<Row> {
  const u = isScimId(id) ? await db().user.findFirst({ where: managed(id), select }) : null;
  if (!u) throw new ScimError(404, "No such user.");
  return u;
}

export async function createScimUser(body: unknown, base: string) {
  const u = parseUser(body);
  const id = await db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({
      where: { email: u.userName },
      select: { id: true, scimManaged: true, ssoIssuer: true },
    });
    if (existing?.scimManaged)
      throw new ScimError(409, "A user with this userName exists.", "uniqueness");
    // A local account is never handed to the provider; one SSO made is already the provider's.
    if (existing && !existing.ssoIssuer)
      throw new ScimError(
        409,
        "A local account has this userName; an administrator must remove it first.",
        "uniqueness",
      );
    const row = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: { scimManaged: true, scimDeletedAt: null },
        })
      : await tx.user.create({
          data: { email: u.userName, name: nameOf(u), role: NO_GROUP_ROLE, scimManaged: true },
        });
    await appendAudit(tx, {
      actor: SCIM_ACTOR,
      action: "scim.user_create",
      target: { type: "user", id: row.id },
      detail: { role: existing ? row.role : null },
    });
    await applyAccountChange(tx, row.id, {
      active: u.active ?? true,
      name: nameOf(u),
      externalId: u.externalId ?? null,
    });
    return row.id;
  });
  return toScimUser(await findManaged(id), base);
}

export async function getScimUser(id: string, base: string) {
  return toScimUser(await findManaged(id), base);
}

/** `filter=userName eq "x"` or `externalId eq "x"` (what Okta and Entra send), paged. */
export async function listScimUsers(url: URL, base: string) {
  const filter = url.searchParams.get("filter");
  let where: Prisma.UserWhereInput = { scimManaged: true, scimDeletedAt: null };
  if (filter) {
    const m = /^\s*(userName|externalId)\s+eq\s+"((?:[^"\\]|\\.){1,254})"\s*$/i.exec(filter);
    if (!m)
      throw new ScimError(
        400,
        'Filter with userName eq "…" or externalId eq "…".',
        "invalidFilter",
      );
    const value = m[2]!.replace(/\\(.)/g, "$1");
    where =
      m[1]!.toLowerCase() === "username"
        ? { ...where, email: value.toLowerCase() }
        : { ...where, scimExternalId: value };
  }
  const startIndex = Math.max(1, Number(url.searchParams.get("startIndex")) || 1);
  const count = Math.min(200, Math.max(0, Number(url.searchParams.get("count") ?? 100) || 0));
  const [total, rows] = await Promise.all([
    db().user.count({ where }),
    db().user.findMany({
      where,
      select,
      orderBy: { createdAt: "asc" },
      skip: startIndex - 1,
      take: count,
    }),
  ]);
  return listResponse(
    total,
    startIndex,
    rows.map((r) => toScimUser(r, base)),
  );
}

export async function replaceScimUser(id: string, body: unknown, base: string) {
  await findManaged(id);
  const u = parseUser(body);
  await db().$transaction((tx) =>
    applyAccountChange(tx, id, {
      active: u.active ?? true,
      name: nameOf(u),
      externalId: u.externalId ?? null,
    }),
  );
  return getScimUser(id, base);
}

/** PATCH as Okta (`{value: {active: false}}`) and Entra (`path: "active", value: "False"`) send it. */
export async function patchScimUser(id: string, body: unknown, base: string) {
  await findManaged(id);
  const operations = parsePatchOps(body);
  const change: { active?: boolean; name?: string; externalId?: string | null } = {};
  for (const op of operations) {
    if (op.op !== "replace" && op.op !== "add")
      throw new ScimError(400, `Unsupported operation ${op.op} on a user.`, "invalidValue");
    const values: Record<string, unknown> = op.path
      ? { [op.path]: op.value }
      : op.value && typeof op.value === "object"
        ? (op.value as Record<string, unknown>)
        : {};
    for (const [path, value] of Object.entries(values)) {
      const key = path.toLowerCase();
      if (key === "active") {
        const b = bool.safeParse(value);
        if (!b.success) throw new ScimError(400, "active must be true or false.", "invalidValue");
        change.active = b.data;
      } else if (key === "displayname" || key === "name.formatted") {
        const t = text.safeParse(value);
        if (t.success) change.name = t.data;
      } else if (key === "externalid") {
        change.externalId = typeof value === "string" ? value.slice(0, 255) : null;
      }
      // Other attributes (emails, titles, …) are not kept by Veil: accepted, ignored.
    }
  }
  await db().$transaction((tx) => applyAccountChange(tx, id, change));
  return getScimUser(id, base);
}

/**
 * Deprovisioning: the account is disabled (sessions end) and leaves SCIM's view; its audit
 * history stays, so it is never erased from under the trail.
 */
export async function deleteScimUser(id: string) {
  await findManaged(id);
  await db().$transaction(async (tx) => {
    await applyAccountChange(tx, id, { active: false });
    await tx.scimGroupMember.deleteMany({ where: { userId: id } });
    await tx.user.update({ where: { id }, data: { scimDeletedAt: new Date() } });
    await appendAudit(tx, {
      actor: SCIM_ACTOR,
      action: "scim.user_delete",
      target: { type: "user", id },
    });
  });
}
