import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { appendAudit } from "@/lib/server/audit/append";
import { db, type Tx } from "@/lib/server/db";
import { listResponse, parsePatchOps, ScimError } from "./http";
import { applyAccountChange, roleFromScimGroups, SCIM_ACTOR } from "./accounts";
import { displayName, groupSchema, isScimId, memberRefs } from "./input";

// SCIM Groups (RFC 7643 §4.2): the provider pushes groups and their members; a group's display
// name is what VEIL_OIDC_ROLE_MAP maps, so membership changes change roles at once (a new role,
// or no mapped group left, ends the person's sessions). Members are accounts the provider
// manages; anyone else named is refused.

const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

const select = {
  id: true,
  displayName: true,
  externalId: true,
  createdAt: true,
  updatedAt: true,
  members: { select: { user: { select: { id: true, email: true } } } },
} satisfies Prisma.ScimGroupSelect;
type Row = Prisma.ScimGroupGetPayload<{ select: typeof select }>;

function toScimGroup(g: Row, base: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    displayName: g.displayName,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    members: g.members.map((m) => ({ value: m.user.id, display: m.user.email, type: "User" })),
    meta: {
      resourceType: "Group",
      created: g.createdAt.toISOString(),
      lastModified: g.updatedAt.toISOString(),
      location: `${base}/Groups/${g.id}`,
    },
  };
}

async function findGroup(tx: Tx | ReturnType<typeof db>, id: string): Promise<Row> {
  const g = isScimId(id) ? await tx.scimGroup.findUnique({ where: { id }, select }) : null;
  if (!g) throw new ScimError(404, "No such group.");
  return g;
}

/** Only accounts the provider manages may be members. */
async function checkMembers(tx: Tx, ids: string[]) {
  if (!ids.length) return;
  const found = await tx.user.count({
    where: { id: { in: ids }, scimManaged: true, scimDeletedAt: null },
  });
  if (found !== new Set(ids).size)
    throw new ScimError(400, "Members must be users provisioned over SCIM.", "invalidValue");
}

/** The roles people's groups give them before a change (to tell what the change did). */
function rolesBefore(tx: Tx) {
  const roles = new Map<string, Role | null>();
  return {
    roles,
    async remember(userIds: Iterable<string>) {
      for (const u of userIds) if (!roles.has(u)) roles.set(u, await roleFromScimGroups(tx, u));
    },
  };
}

/**
 * Re-derives the roles of the people whose groups changed (a new role, or the last mapped group
 * gone, ends their sessions); audits the group change.
 */
async function settle(tx: Tx, groupId: string | null, before: Map<string, Role | null>) {
  for (const [userId, was] of before) {
    const now = await roleFromScimGroups(tx, userId);
    if (now !== was) await applyAccountChange(tx, userId, { role: now });
  }
  if (!groupId) return;
  await appendAudit(tx, {
    actor: SCIM_ACTOR,
    action: "scim.group_change",
    target: { type: "scim_group", id: groupId },
    detail: { members: await tx.scimGroupMember.count({ where: { groupId } }) },
  });
}

export async function createScimGroup(body: unknown, base: string) {
  const r = groupSchema.safeParse(body);
  if (!r.success) throw new ScimError(400, "Invalid group.", "invalidValue");
  const members = (r.data.members ?? []).map((m) => m.value);
  const id = await db().$transaction(async (tx) => {
    if (await tx.scimGroup.findUnique({ where: { displayName: r.data.displayName } }))
      throw new ScimError(409, "A group with this displayName exists.", "uniqueness");
    await checkMembers(tx, members);
    const before = rolesBefore(tx);
    await before.remember(members);
    const g = await tx.scimGroup.create({
      data: {
        displayName: r.data.displayName,
        externalId: r.data.externalId ?? null,
        members: { create: [...new Set(members)].map((userId) => ({ userId })) },
      },
    });
    await settle(tx, g.id, before.roles);
    return g.id;
  });
  return toScimGroup(await findGroup(db(), id), base);
}

export async function getScimGroup(id: string, base: string) {
  return toScimGroup(await findGroup(db(), id), base);
}

export async function listScimGroups(url: URL, base: string) {
  const filter = url.searchParams.get("filter");
  let where: Prisma.ScimGroupWhereInput = {};
  if (filter) {
    const m = /^\s*displayName\s+eq\s+"((?:[^"\\]|\\.){1,200})"\s*$/i.exec(filter);
    if (!m) throw new ScimError(400, 'Filter with displayName eq "…".', "invalidFilter");
    where = { displayName: m[1]!.replace(/\\(.)/g, "$1") };
  }
  const excluded = url.searchParams.get("excludedAttributes") === "members";
  const rows = await db().scimGroup.findMany({
    where,
    select,
    orderBy: { createdAt: "asc" },
    take: 200,
  });
  return listResponse(
    rows.length,
    1,
    rows.map((g) => {
      const out = toScimGroup(g, base);
      return excluded ? { ...out, members: undefined } : out;
    }),
  );
}

/** add/remove/replace members (Okta, Entra), and a new displayName. */
export async function patchScimGroup(id: string, body: unknown, base: string) {
  const operations = parsePatchOps(body);
  await db().$transaction(async (tx) => {
    const group = await findGroup(tx, id);
    const members = group.members.map((m) => m.user.id);
    const before = rolesBefore(tx);
    for (const op of operations) {
      const path = op.path?.trim() ?? "";
      const filtered = /^members\[value eq "([0-9a-f-]{36})"\]$/i.exec(path);
      if (
        /^members$/i.test(path) ||
        filtered ||
        (!path && op.value && typeof op.value === "object" && "members" in (op.value as object))
      ) {
        const raw = filtered
          ? [{ value: filtered[1]! }]
          : path
            ? (op.value ?? [])
            : (op.value as { members: unknown }).members;
        const parsed = memberRefs.safeParse(Array.isArray(raw) ? raw : [raw]);
        if (!parsed.success)
          throw new ScimError(400, "Members are { value: <user id> }.", "invalidValue");
        const ids = parsed.data.map((m) => m.value);
        await before.remember(ids);
        if (op.op === "remove") {
          await tx.scimGroupMember.deleteMany({ where: { groupId: id, userId: { in: ids } } });
        } else {
          await checkMembers(tx, ids);
          if (op.op === "replace") {
            await before.remember(members);
            await tx.scimGroupMember.deleteMany({ where: { groupId: id } });
          } else if (op.op !== "add")
            throw new ScimError(400, `Unsupported operation ${op.op}.`, "invalidValue");
          await tx.scimGroupMember.createMany({
            data: ids.map((userId) => ({ groupId: id, userId })),
            skipDuplicates: true,
          });
        }
      } else if (
        /^displayName$/i.test(path) ||
        (!path && op.value && typeof op.value === "object" && "displayName" in (op.value as object))
      ) {
        const name = displayName.safeParse(
          path ? op.value : (op.value as { displayName: unknown }).displayName,
        );
        if (!name.success) throw new ScimError(400, "Invalid displayName.", "invalidValue");
        await before.remember(members); // a renamed group may map to another role
        await tx.scimGroup.update({ where: { id }, data: { displayName: name.data } });
      } else if (path && !/^externalId$/i.test(path)) {
        throw new ScimError(400, `Unsupported path ${path}.`, "invalidPath");
      }
    }
    await tx.scimGroup.update({ where: { id }, data: { updatedAt: new Date() } });
    await settle(tx, id, before.roles);
  });
  return getScimGroup(id, base);
}

export async function replaceScimGroup(id: string, body: unknown, base: string) {
  const r = groupSchema.safeParse(body);
  if (!r.success) throw new ScimError(400, "Invalid group.", "invalidValue");
  const members = (r.data.members ?? []).map((m) => m.value);
  await db().$transaction(async (tx) => {
    const group = await findGroup(tx, id);
    await checkMembers(tx, members);
    const before = rolesBefore(tx);
    await before.remember([...group.members.map((m) => m.user.id), ...members]);
    await tx.scimGroupMember.deleteMany({ where: { groupId: id } });
    await tx.scimGroup.update({
      where: { id },
      data: {
        displayName: r.data.displayName,
        externalId: r.data.externalId ?? null,
        members: { create: [...new Set(members)].map((userId) => ({ userId })) },
      },
    });
    await settle(tx, id, before.roles);
  });
  return getScimGroup(id, base);
}

export async function deleteScimGroup(id: string) {
  await db().$transaction(async (tx) => {
    const group = await findGroup(tx, id);
    const before = rolesBefore(tx);
    await before.remember(group.members.map((m) => m.user.id));
    await tx.scimGroup.delete({ where: { id } });
    await settle(tx, null, before.roles);
    await appendAudit(tx, {
      actor: SCIM_ACTOR,
      action: "scim.group_change",
      target: { type: "scim_group", id },
      detail: { members: 0 },
    });
  });
}
