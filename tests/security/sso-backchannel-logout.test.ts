// OIDC back-channel logout, attacked: only a fresh logout token signed by the configured
// identity provider, for Veil, with the logout event, ends anyone's sessions; a forged, foreign,
// stale, replayed or ID-token-shaped one is refused with 400 and ends nothing. The provider is a
// real oidc-provider (tests/support/test-idp.ts) whose keys Veil fetches as in production.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/sso/backchannel-logout/route";
import { decideSsoSignIn } from "@/lib/server/auth/sso";
import { sessionStillValid, sessionUser } from "@/lib/server/auth/session-state";
import { db } from "@/lib/server/db";
import { configureEnv } from "../support/configure-env";
import { servedRequest } from "../support/served-request";
import { startTestIdp, TEST_IDP_CLIENT } from "../support/test-idp";

const EVENT = { "http://schemas.openid.net/event/backchannel-logout": {} };

async function freePort() {
  const s = createServer().listen(0);
  await new Promise((r) => s.once("listening", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let idp: Awaited<ReturnType<typeof startTestIdp>>;
beforeAll(async () => {
  idp = await startTestIdp({ port: await freePort(), redirectUris: ["http://localhost/cb"] });
  configureEnv({
    VEIL_OIDC_ISSUER: idp.issuer,
    VEIL_OIDC_CLIENT_ID: TEST_IDP_CLIENT.id,
    VEIL_OIDC_CLIENT_SECRET: TEST_IDP_CLIENT.secret,
    VEIL_OIDC_ROLE_MAP: "veil-agents=AGENT",
  });
});
afterAll(async () => {
  configureEnv({
    VEIL_OIDC_ISSUER: undefined,
    VEIL_OIDC_CLIENT_ID: undefined,
    VEIL_OIDC_CLIENT_SECRET: undefined,
    VEIL_OIDC_ROLE_MAP: undefined,
  });
  await idp.close();
});

/** An SSO person with an open Veil session: its claims, and whether it still stands. */
async function signedInPerson() {
  const sub = `sub-${randomUUID()}`;
  const r = await decideSsoSignIn(
    {
      issuer: idp.issuer,
      subject: sub,
      email: `${sub}@corp.test`,
      name: "P",
      groups: ["veil-agents"],
    },
    { VEIL_OIDC_ROLE_MAP: "veil-agents=AGENT" },
    { ip: null, userAgent: null, requestId: null },
  );
  if (!r.ok) throw new Error("sign-in refused");
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    uid: r.user.id,
    sv: r.user.sessionVersion,
    sid: randomUUID(),
    authTime: now,
    lastSeen: now,
  };
  return {
    sub,
    id: r.user.id,
    stands: async () => sessionStillValid(claims, await sessionUser(r.user.id)),
  };
}

const logoutClaims = (sub: string, over: Record<string, unknown> = {}) => ({
  iss: idp.issuer,
  aud: TEST_IDP_CLIENT.id,
  iat: Math.floor(Date.now() / 1000),
  jti: randomUUID(),
  sub,
  events: EVENT,
  ...over,
});

const post = (logoutToken: string) =>
  POST(
    servedRequest("http://localhost/api/sso/backchannel-logout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ logout_token: logoutToken }),
    }),
  );

describe("OIDC back-channel logout", () => {
  it("a genuine logout token ends the person's sessions, audited; the same token again is a replay", async () => {
    const person = await signedInPerson();
    expect(await person.stands()).toBe(true);
    const token = await idp.sign(logoutClaims(person.sub));
    const res = await post(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await person.stands()).toBe(false);
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.sso_logout", targetId: person.id },
    });
    expect([event.actorType, event.actorId]).toEqual(["system", "sso"]);
    expect((await post(token)).status).toBe(400);
  });

  for (const [attack, make] of [
    [
      "signed by a key the provider never published",
      (s: string) => idp.sign(logoutClaims(s), { stranger: true }),
    ],
    ["for another client", (s: string) => idp.sign(logoutClaims(s, { aud: "someone-else" }))],
    [
      "from another issuer",
      (s: string) => idp.sign(logoutClaims(s, { iss: "http://127.0.0.1:1" })),
    ],
    [
      "issued an hour ago",
      (s: string) => idp.sign(logoutClaims(s, { iat: Math.floor(Date.now() / 1000) - 3600 })),
    ],
    ["without the logout event", (s: string) => idp.sign(logoutClaims(s, { events: {} }))],
    ["shaped like an ID token (a nonce)", (s: string) => idp.sign(logoutClaims(s, { nonce: "n" }))],
    ["without a jti", (s: string) => idp.sign(logoutClaims(s, { jti: undefined }))],
    [
      "with alg none",
      async (s: string) =>
        `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(logoutClaims(s))).toString("base64url")}.`,
    ],
  ] as const) {
    it(`refuses a logout token ${attack}, and ends nothing`, async () => {
      const person = await signedInPerson();
      expect((await post(await make(person.sub))).status).toBe(400);
      expect(await person.stands()).toBe(true);
    });
  }

  it("refuses a request without a token, or not a form, with 400", async () => {
    const empty = await POST(
      servedRequest("http://localhost/api/sso/backchannel-logout", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ logout_token: "x" }),
      }),
    );
    expect(empty.status).toBe(400);
  });
});
