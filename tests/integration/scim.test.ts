// SCIM 2.0 spoken as Okta speaks it (RFC 7644): create a user, find it by userName, put it in a
// group the role map names, deactivate it with PATCH active=false, delete it. Deactivation ends
// the person's sessions at once; a local account is invisible to the provider; a missing,
// revoked or made-up token gets 401.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as usersGET, POST as usersPOST } from "@/app/scim/v2/Users/route";
import {
  DELETE as userDELETE,
  GET as userGET,
  PATCH as userPATCH,
} from "@/app/scim/v2/Users/[id]/route";
import { POST as groupsPOST } from "@/app/scim/v2/Groups/route";
import { PATCH as groupPATCH } from "@/app/scim/v2/Groups/[id]/route";
import { sessionStillValid, sessionUser } from "@/lib/server/auth/session-state";
import { decideSsoSignIn } from "@/lib/server/auth/sso";
import { db } from "@/lib/server/db";
import { createScimToken, revokeScimToken } from "@/lib/server/scim/tokens";
import { configureEnv } from "../support/configure-env";
import { makeUser } from "../support/principals";

const ROLE_MAP = "veil-admins=ADMIN,veil-officers=OFFICER,veil-agents=AGENT";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
let token = "";
let tokenId = "";

beforeAll(async () => {
  configureEnv({
    VEIL_OIDC_ISSUER: "https://okta.example.test",
    VEIL_OIDC_CLIENT_ID: "veil",
    VEIL_OIDC_CLIENT_SECRET: "a-client-secret-for-tests-only",
    VEIL_OIDC_ROLE_MAP: ROLE_MAP,
  });
  const { principal: admin } = await makeUser("ADMIN");
  ({ token, id: tokenId } = await createScimToken(admin, { name: "Okta" }));
});
afterAll(() =>
  configureEnv({
    VEIL_OIDC_ISSUER: undefined,
    VEIL_OIDC_CLIENT_ID: undefined,
    VEIL_OIDC_CLIENT_SECRET: undefined,
    VEIL_OIDC_ROLE_MAP: undefined,
  }),
);

const req = (method: string, path: string, body?: unknown, bearer = token) =>
  new Request(`http://localhost/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body ? { "content-type": "application/scim+json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const idCtx = (id: string) => ({ params: Promise.resolve({ id }) });

function oktaUser(email: string, active = true) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: email,
    name: { givenName: "Lee", familyName: "Leaver" },
    emails: [{ primary: true, value: email, type: "work" }],
    displayName: "Lee Leaver",
    locale: "en-US",
    externalId: `00u${randomUUID().slice(0, 8)}`,
    groups: [],
    password: "ignored-by-veil",
    active,
  };
}

async function sessionOf(userId: string) {
  const u = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    uid: userId,
    sv: u.sessionVersion,
    sid: randomUUID(),
    authTime: now,
    lastSeen: now,
    via: "sso" as const,
  };
  return async () => sessionStillValid(claims, await sessionUser(userId));
}

describe("SCIM 2.0 as Okta speaks it", () => {
  it("provisions, finds, grants a role through a group, and deactivation ends the sessions", async () => {
    const email = `lee-${randomUUID().slice(0, 8)}@corp.test`;
    // Okta first looks the user up, then creates it.
    const lookup = await usersGET(
      req(
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`,
      ),
    );
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get("content-type")).toBe("application/scim+json");
    expect(await lookup.json()).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await usersPOST(req("POST", "/Users", oktaUser(email)));
    expect(created.status).toBe(201);
    const user = await created.json();
    expect(user).toMatchObject({ userName: email, active: true, displayName: "Lee Leaver" });
    expect(JSON.stringify(user)).not.toContain("ignored-by-veil");
    expect((await usersPOST(req("POST", "/Users", oktaUser(email)))).status).toBe(409);

    const group = await (
      await groupsPOST(
        req("POST", "/Groups", {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          displayName: `veil-officers`,
          members: [],
        }),
      )
    ).json();
    const added = await groupPATCH(
      req("PATCH", `/Groups/${group.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "members", value: [{ value: user.id, display: email }] }],
      }),
      idCtx(group.id),
    );
    expect(added.status).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("OFFICER");

    // First sign-in through SSO links the provisioned account (same provider, same email).
    const signed = await decideSsoSignIn(
      {
        issuer: "https://okta.example.test",
        subject: user.externalId,
        email,
        name: "Lee Leaver",
        groups: ["veil-officers"],
      },
      { VEIL_OIDC_ROLE_MAP: ROLE_MAP },
      { ip: null, userAgent: null, requestId: null },
    );
    expect(signed).toMatchObject({ ok: true, user: { id: user.id, role: "OFFICER" } });
    const stands = await sessionOf(user.id);
    expect(await stands()).toBe(true);

    // HR removes Lee: Okta deactivates.
    const deactivated = await userPATCH(
      req("PATCH", `/Users/${user.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", value: { active: false } }],
      }),
      idCtx(user.id),
    );
    expect(deactivated.status).toBe(200);
    expect(await deactivated.json()).toMatchObject({ active: false });
    expect(await stands()).toBe(false);
    const events = await db().auditEvent.findMany({
      where: { action: "scim.user_update", targetId: user.id },
    });
    expect(events.map((e) => [e.actorType, e.actorId, e.detail])).toEqual(
      expect.arrayContaining([
        ["system", "scim", { role: "OFFICER" }],
        ["system", "scim", { active: false }],
      ]),
    );
    expect(
      (
        await decideSsoSignIn(
          {
            issuer: "https://okta.example.test",
            subject: user.externalId,
            email,
            name: "Lee",
            groups: ["veil-officers"],
          },
          { VEIL_OIDC_ROLE_MAP: ROLE_MAP },
          { ip: null, userAgent: null, requestId: null },
        )
      ).ok,
    ).toBe(false);

    expect((await userDELETE(req("DELETE", `/Users/${user.id}`), idCtx(user.id))).status).toBe(204);
    expect((await userGET(req("GET", `/Users/${user.id}`), idCtx(user.id))).status).toBe(404);
    expect(await db().auditEvent.count({ where: { targetId: user.id } })).toBeGreaterThan(3); // history kept
  });

  it('Entra\'s PATCH shape (path active, value "False") and a group removal end sessions too', async () => {
    const email = `ent-${randomUUID().slice(0, 8)}@corp.test`;
    const user = await (await usersPOST(req("POST", "/Users", oktaUser(email)))).json();
    const group = await (
      await groupsPOST(
        req("POST", "/Groups", { displayName: "veil-agents", members: [{ value: user.id }] }),
      )
    ).json();
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("AGENT");
    const stands = await sessionOf(user.id);
    await groupPATCH(
      req("PATCH", `/Groups/${group.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "remove", path: `members[value eq "${user.id}"]` }],
      }),
      idCtx(group.id),
    );
    expect(await stands()).toBe(false); // no mapped group left
    const again = await sessionOf(user.id);
    const r = await userPATCH(
      req("PATCH", `/Users/${user.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "Replace", path: "active", value: "False" }],
      }),
      idCtx(user.id),
    );
    expect(await r.json()).toMatchObject({ active: false });
    expect(await again()).toBe(false);
  });

  it("never shows or takes over a local account, and refuses bad tokens and bad input", async () => {
    const { user: local } = await makeUser("ADMIN");
    const found = await (
      await usersGET(
        req("GET", `/Users?filter=${encodeURIComponent(`userName eq "${local.email}"`)}`),
      )
    ).json();
    expect(found.totalResults).toBe(0);
    expect((await userGET(req("GET", `/Users/${local.id}`), idCtx(local.id))).status).toBe(404);
    const patched = await userPATCH(
      req("PATCH", `/Users/${local.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", value: { active: false } }],
      }),
      idCtx(local.id),
    );
    expect(patched.status).toBe(404);
    expect((await usersPOST(req("POST", "/Users", oktaUser(local.email)))).status).toBe(409);
    expect((await db().user.findUniqueOrThrow({ where: { id: local.id } })).disabled).toBe(false);

    for (const bearer of ["", "vscim_" + "A".repeat(43), token.slice(0, -1) + "x"]) {
      const res = await usersGET(req("GET", "/Users", undefined, bearer));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const bad = await usersGET(
      req("GET", `/Users?filter=${encodeURIComponent('userName co "a" or 1 eq 1')}`),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      scimType: "invalidFilter",
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    });
    expect((await usersPOST(req("POST", "/Users", { userName: "not an email" }))).status).toBe(400);

    const { principal: admin } = await makeUser("ADMIN");
    const spare = await createScimToken(admin, { name: "Entra" });
    await revokeScimToken(admin, { tokenId: spare.id });
    expect((await usersGET(req("GET", "/Users", undefined, spare.token))).status).toBe(401);
    expect(tokenId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await db().scimToken.findUniqueOrThrow({ where: { id: spare.id } });
    expect(JSON.stringify(stored)).not.toContain(spare.token);
  });
});
