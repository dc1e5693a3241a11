// Single sign-on's decision once the ID token is verified: the role comes from the identity
// provider's groups at every sign-in, a person is matched by issuer and subject (never by email
// alone), and every refusal, creation and role change is audited.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decideSsoSignIn, groupsFromClaim, roleForGroups } from "@/lib/server/auth/sso";
import { sessionStillValid, sessionUser } from "@/lib/server/auth/session-state";
import { db } from "@/lib/server/db";
import { makeUser } from "../support/principals";
import { auditTrailOf } from "../support/audit";

const MAP = { VEIL_OIDC_ROLE_MAP: "veil-admins=ADMIN,veil-officers=OFFICER,veil-agents=AGENT" };
const ctx = { ip: "203.0.113.9", userAgent: "test", requestId: null };
const ISSUER = "https://idp.example.test";

function person(groups: string[], over: Partial<{ subject: string; email: string }> = {}) {
  const subject = over.subject ?? `sub-${randomUUID()}`;
  return {
    issuer: ISSUER,
    subject,
    email: over.email ?? `${subject}@corp.example`,
    name: "Pat Person",
    groups,
  };
}

async function eventsFor(userId: string) {
  return (await auditTrailOf(userId)).map((e) => [e.action, e.actorType, e.outcome, e.detail]);
}

describe("single sign-on decisions", () => {
  it("maps groups in the map's order, and reads a groups claim sent as one string", () => {
    expect(roleForGroups(["staff", "veil-officers", "veil-admins"], MAP.VEIL_OIDC_ROLE_MAP)).toBe(
      "ADMIN",
    );
    expect(roleForGroups(["veil-agents"], MAP.VEIL_OIDC_ROLE_MAP)).toBe("AGENT");
    expect(roleForGroups(["VEIL-ADMINS", "marketing"], MAP.VEIL_OIDC_ROLE_MAP)).toBeNull();
    expect(groupsFromClaim("veil-agents")).toEqual(["veil-agents"]);
    expect(groupsFromClaim([1, "a", null])).toEqual(["a"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
  });

  it("creates the account on first sign-in, then follows group changes, each audited", async () => {
    const p = person(["veil-officers"]);
    const first = await decideSsoSignIn(p, MAP, ctx);
    expect(first).toMatchObject({ ok: true, user: { role: "OFFICER", email: p.email } });
    if (!first.ok) return;
    const id = first.user.id;
    const stored = await db().user.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ ssoIssuer: ISSUER, ssoSubject: p.subject });
    const claims = {
      uid: id,
      sv: first.user.sessionVersion,
      sid: randomUUID(),
      authTime: Math.floor(Date.now() / 1000),
      lastSeen: Math.floor(Date.now() / 1000),
    };

    // Same person, now an admin at the provider: the role follows, the old session ends.
    const again = await decideSsoSignIn({ ...p, groups: ["veil-admins"] }, MAP, ctx);
    expect(again).toMatchObject({ ok: true, user: { id, role: "ADMIN" } });
    expect(sessionStillValid(claims, await sessionUser(id))).toBe(false);

    expect(await eventsFor(id)).toEqual([
      ["user.create", "system", "success", { role: "OFFICER", via: "sso" }],
      ["auth.login", "anonymous", "success", { via: "sso" }],
      ["user.role_change", "system", "success", { role: "ADMIN", via: "sso" }],
      ["auth.login", "anonymous", "success", { via: "sso" }],
    ]);
  });

  it("refuses someone in no mapped group, creating nothing; removed from every group, their sessions end", async () => {
    const outsider = person(["marketing"]);
    expect(await decideSsoSignIn(outsider, MAP, ctx)).toEqual({ ok: false, code: "SSO_NO_ROLE" });
    expect(await db().user.count({ where: { ssoSubject: outsider.subject } })).toBe(0);

    const leaver = person(["veil-agents"]);
    const first = await decideSsoSignIn(leaver, MAP, ctx);
    if (!first.ok) throw new Error("expected a sign-in");
    const claims = {
      uid: first.user.id,
      sv: first.user.sessionVersion,
      sid: randomUUID(),
      authTime: Math.floor(Date.now() / 1000),
      lastSeen: Math.floor(Date.now() / 1000),
    };
    expect(await decideSsoSignIn({ ...leaver, groups: [] }, MAP, ctx)).toEqual({
      ok: false,
      code: "SSO_NO_ROLE",
    });
    expect(sessionStillValid(claims, await sessionUser(first.user.id))).toBe(false);
    expect((await eventsFor(first.user.id)).at(-1)).toEqual([
      "auth.login",
      "anonymous",
      "denied",
      { reason: "no_mapped_group", via: "sso" },
    ]);
  });

  it("never takes over a local account by its email, nor one of another subject or issuer", async () => {
    const { user: local } = await makeUser("ADMIN");
    const claimer = person(["veil-admins"], { email: local.email });
    expect(await decideSsoSignIn(claimer, MAP, ctx)).toEqual({
      ok: false,
      code: "SSO_EMAIL_TAKEN",
    });
    const after = await db().user.findUniqueOrThrow({ where: { id: local.id } });
    expect(after).toMatchObject({ ssoSubject: null, ssoIssuer: null, role: "ADMIN" });

    const first = await decideSsoSignIn(person(["veil-agents"]), MAP, ctx);
    if (!first.ok) throw new Error("expected a sign-in");
    // Another issuer's subject with that person's email: a different person to Veil.
    const other = await decideSsoSignIn(
      { ...person(["veil-admins"], { email: first.user.email }), issuer: "https://evil.test" },
      MAP,
      ctx,
    );
    expect(other).toEqual({ ok: false, code: "SSO_EMAIL_TAKEN" });
    expect((await db().user.findUniqueOrThrow({ where: { id: first.user.id } })).role).toBe(
      "AGENT",
    );
  });

  it("refuses a disabled account and one without an email, audited", async () => {
    const p = person(["veil-agents"]);
    const first = await decideSsoSignIn(p, MAP, ctx);
    if (!first.ok) throw new Error("expected a sign-in");
    await db().user.update({ where: { id: first.user.id }, data: { disabled: true } });
    expect(await decideSsoSignIn(p, MAP, ctx)).toEqual({ ok: false, code: "SSO_DISABLED" });
    expect(
      await decideSsoSignIn({ ...person(["veil-agents"]), email: "not an email" }, MAP, ctx),
    ).toEqual({ ok: false, code: "SSO_NO_EMAIL" });
    expect((await eventsFor(first.user.id)).at(-1)).toEqual([
      "auth.login",
      "anonymous",
      "denied",
      { reason: "disabled", via: "sso" },
    ]);
  });
});
