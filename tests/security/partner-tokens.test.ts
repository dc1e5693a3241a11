// Attacks on partner access tokens and the token endpoint: each must answer 401 (audited) or the
// RFC 6749 error, never a 500 and never access.
import { randomUUID } from "node:crypto";
import { generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as jwksGET } from "@/app/.well-known/jwks.json/route";
import { POST as revokePOST } from "@/app/api/v1/oauth/revoke/route";
import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { db } from "@/lib/server/db";
import { partnerToken, route } from "@/lib/server/http/route";
import { createPartner, rotatePartnerSecret, setPartnerDisabled } from "@/lib/server/partners";
import {
  rotateSigningKey,
  TOKEN_AUDIENCE,
  tokenIssuer,
  unsafeActiveSigningKey,
} from "@/lib/server/partners/tokens";
import { partnerVersionKey } from "@/lib/server/partners/principal";
import { store } from "@/lib/server/store";
import { makeUser } from "../support/principals";
import { servedRequest } from "../support/served-request";

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  servedRequest("http://localhost/api/v1/oauth/token", {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });

async function newPartner(scopes = ["customers:read"]) {
  const { principal: admin } = await makeUser("ADMIN");
  return {
    admin,
    ...(await createPartner(admin, { name: "Token Test", profile: "basic", scopes })),
  };
}

async function tokenPair(clientId: string, clientSecret: string) {
  const res = await tokenPOST(
    form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; refresh_token: string; scope: string };
}
const accessToken = async (clientId: string, clientSecret: string) =>
  (await tokenPair(clientId, clientSecret)).access_token;

const refresh = (p: { clientId: string; clientSecret: string }, refreshToken: string) =>
  tokenPOST(
    form({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: p.clientId,
      client_secret: p.clientSecret,
    }),
  );

const revoke = (token: string, client?: { clientId: string; clientSecret: string }) =>
  revokePOST(
    servedRequest("http://localhost/api/v1/oauth/revoke", {
      method: "POST",
      body: new URLSearchParams({
        token,
        ...(client ? { client_id: client.clientId, client_secret: client.clientSecret } : {}),
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
  );

// A protected partner route, as the partner API's routes are built.
const protectedRoute = route(
  {
    method: "GET",
    path: "/api/v1/test",
    summary: "t",
    auth: partnerToken,
    capability: "customers.read",
  },
  async ({ principal }) => ({
    partner: principal.kind === "partner" ? principal.partnerId : null,
  }),
);
// Each attack comes from its own address: only an address's first refusal in its window is
// audited (the rest are counted), and these tests assert the audit row of each attack.
let attacker = 0;
const call = (token?: string) =>
  protectedRoute(
    servedRequest("http://localhost/api/v1/test", {
      peer: `198.18.40.${++attacker}`,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    }),
  );
const failuresAudited = () => db().auditEvent.count({ where: { action: "partner.auth_failed" } });

async function expectRefused(token: string | undefined) {
  const before = await failuresAudited();
  const res = await call(token);
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect(await failuresAudited()).toBe(before + 1);
}

/** Forges a token with the real signing key but chosen claims (a token minted for elsewhere). */
async function signedWithRealKey(
  claims: Record<string, unknown>,
  opts: { iss?: string; aud?: string; exp?: string; typ?: string } = {},
) {
  const { kid, privateKey } = await unsafeActiveSigningKey();
  // Every claim a real token carries, so the one defect under test is the only one.
  return new SignJWT({ fid: randomUUID(), gen: 1, ...claims })
    .setProtectedHeader({ alg: "ES256", kid, typ: opts.typ ?? "at+jwt" })
    .setIssuer(opts.iss ?? tokenIssuer())
    .setAudience(opts.aud ?? TOKEN_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime(opts.exp ?? "5m")
    .sign(privateKey);
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** A well-formed token for `sub` signed with a key the attacker holds. */
function forged(
  sub: string,
  header: { alg: string; kid: string },
  key: Parameters<SignJWT["sign"]>[0],
) {
  return new SignJWT({ scope: "customers:read", fid: randomUUID(), gen: 1 })
    .setProtectedHeader(header)
    .setIssuer(tokenIssuer())
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(sub)
    .setJti(randomUUID())
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime("5m")
    .sign(key);
}

describe("partner access tokens", () => {
  let partner: Awaited<ReturnType<typeof newPartner>>;
  let token: string;
  beforeAll(async () => {
    partner = await newPartner();
    token = await accessToken(partner.clientId, partner.clientSecret);
  });

  it("a valid token reaches the route as the partner", async () => {
    const res = await call(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partner: partner.partner.id });
  });

  it("no token, garbage, and a token in the query string: 401, audited", async () => {
    await expectRefused(undefined);
    await expectRefused("not-a-jwt-at-all-but-long-enough");
    const inQuery = await protectedRoute(
      servedRequest(`http://localhost/api/v1/test?access_token=${token}`),
    );
    expect(inQuery.status).toBe(401);
  });

  it("alg none: 401", async () => {
    const [, payload] = token.split(".");
    const header = {
      alg: "none",
      typ: "JWT",
      kid: JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid,
    };
    await expectRefused(`${b64(header)}.${payload}.`);
  });

  it("HS256 signed with the public key (algorithm confusion): 401", async () => {
    const { keys } = await (
      await jwksGET(servedRequest("http://localhost/.well-known/jwks.json"))
    ).json();
    const pub = keys[0];
    await expectRefused(
      await forged(
        partner.partner.id,
        { alg: "HS256", kid: pub.kid },
        new TextEncoder().encode(JSON.stringify(pub)),
      ),
    );
  });

  it("an attacker's own key, under an unknown kid or the real kid: 401", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const { keys } = await (
      await jwksGET(servedRequest("http://localhost/.well-known/jwks.json"))
    ).json();
    for (const kid of ["k_unknown", keys[0].kid]) {
      await expectRefused(await forged(partner.partner.id, { alg: "ES256", kid }, privateKey));
    }
  });

  it("a tampered payload (another partner, more scope): 401", async () => {
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    await expectRefused(`${header}.${b64({ ...claims, sub: randomUUID() })}.${signature}`);
    await expectRefused(
      `${header}.${b64({ ...claims, scope: "customers:read customers:write" })}.${signature}`,
    );
  });

  it("a token of another type signed with the real key (not an access token): 401", async () => {
    const sub = { sub: partner.partner.id, scope: "customers:read" };
    // The same forgery as an access token reaches the route: only the type differs.
    expect((await call(await signedWithRealKey(sub))).status).toBe(200);
    await expectRefused(await signedWithRealKey(sub, { typ: "JWT" }));
    await expectRefused(await signedWithRealKey(sub, { typ: "logout+jwt" }));
  });

  it("wrong audience or issuer, expired, not yet valid: 401", async () => {
    const sub = { sub: partner.partner.id, scope: "customers:read" };
    await expectRefused(await signedWithRealKey(sub, { aud: "another-api" }));
    await expectRefused(await signedWithRealKey(sub, { iss: "https://evil.example" }));
    await expectRefused(await signedWithRealKey(sub, { exp: "-1m" }));
    vi.useFakeTimers({ now: Date.now() + 60 * 60_000, toFake: ["Date"] });
    const future = await accessToken(partner.clientId, partner.clientSecret);
    vi.useRealTimers();
    await expectRefused(future);
    // And a real token ten minutes and a bit later.
    vi.useFakeTimers({ now: Date.now() + 11 * 60_000, toFake: ["Date"] });
    try {
      await expectRefused(token);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a revoked token (RFC 7009) and a disabled partner's token: 401", async () => {
    const p = await newPartner();
    const t1 = await accessToken(p.clientId, p.clientSecret);
    const t2 = await accessToken(p.clientId, p.clientSecret);
    expect((await call(t1)).status).toBe(200);
    // Revocation needs the owner's client credentials; another partner's are not enough.
    expect((await revoke(t1)).status).toBe(401);
    const other = await newPartner();
    expect((await revoke(t1, other)).status).toBe(200); // RFC 7009: same answer, nothing done
    expect((await call(t1)).status).toBe(200);
    expect((await revoke(t1, p)).status).toBe(200);
    await expectRefused(t1);
    expect((await call(t2)).status).toBe(200);
    await setPartnerDisabled(p.admin, { partnerId: p.partner.id, disabled: true });
    await expectRefused(t2);
  });

  it("a partner disabled by another instance: its live token is refused on the next request", async () => {
    const p = await newPartner();
    const t = await accessToken(p.clientId, p.clientSecret);
    expect((await call(t)).status).toBe(200); // this instance now holds the partner's row
    // Another instance's change: its own transaction, then the version bump in the shared store.
    await db().partner.update({ where: { id: p.partner.id }, data: { disabled: true } });
    await store().incrWithTtl(partnerVersionKey(p.partner.id), 60);
    await expectRefused(t);
  });

  it("a token without the route's scope is forbidden", async () => {
    const p = await newPartner(["customers:write"]);
    const t = await accessToken(p.clientId, p.clientSecret);
    expect((await call(t)).status).toBe(403);
  });

  it("survives a signing-key rotation: old tokens verify during the grace, new ones use the new kid", async () => {
    const before = await accessToken(partner.clientId, partner.clientSecret);
    const { kid } = await rotateSigningKey({ kind: "system", name: "test" });
    const after = await accessToken(partner.clientId, partner.clientSecret);
    expect(JSON.parse(Buffer.from(after.split(".")[0]!, "base64url").toString()).kid).toBe(kid);
    expect((await call(before)).status).toBe(200);
    expect((await call(after)).status).toBe(200);
  });
});

describe("secret rotation and refresh tokens", () => {
  it("a token whose secret was rotated out: 401 (at once with no overlap, else when the overlap ends)", async () => {
    const p = await newPartner();
    const oldToken = await accessToken(p.clientId, p.clientSecret);
    const graceful = await rotatePartnerSecret(p.admin, { partnerId: p.partner.id });
    expect((await call(oldToken)).status).toBe(200); // within the overlap
    const newToken = await accessToken(p.clientId, graceful.clientSecret);
    vi.useFakeTimers({ now: Date.now() + 61 * 60_000, toFake: ["Date"] });
    try {
      // An hour on: the old secret's token is dead even if it had not expired (re-signed below).
      const { kid, privateKey } = await unsafeActiveSigningKey();
      const claims = JSON.parse(Buffer.from(oldToken.split(".")[1]!, "base64url").toString());
      const reissued = await new SignJWT({
        ...claims,
        iat: undefined,
        exp: undefined,
        nbf: undefined,
      })
        .setProtectedHeader({ alg: "ES256", kid })
        .setIssuedAt()
        .setNotBefore("0s")
        .setExpirationTime("5m")
        .sign(privateKey);
      await expectRefused(reissued);
    } finally {
      vi.useRealTimers();
    }
    expect((await call(newToken)).status).toBe(200);
    // A leak: rotate with no overlap, and every token of the current secret dies now.
    await rotatePartnerSecret(p.admin, { partnerId: p.partner.id, overlapMinutes: 0 });
    await expectRefused(newToken);
  });

  it("refresh rotates; replaying a spent refresh token kills the family and raises an alert", async () => {
    const p = await newPartner();
    const first = await tokenPair(p.clientId, p.clientSecret);
    expect(first.refresh_token).toMatch(/^vrt_/);
    const r1 = await refresh(p, first.refresh_token);
    expect(r1.status).toBe(200);
    const second = await r1.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await call(second.access_token)).status).toBe(200);
    // Another family of the same partner is not touched by what follows.
    const bystander = await tokenPair(p.clientId, p.clientSecret);

    const alertsBefore = await db().alert.count({ where: { kind: "refresh_token_reuse" } });
    const replay = await refresh(p, first.refresh_token);
    expect(replay.status).toBe(400);
    expect((await replay.json()).error).toBe("invalid_grant");
    // The family is dead: the current refresh token and the current access token both fail.
    expect((await refresh(p, second.refresh_token)).status).toBe(400);
    await expectRefused(second.access_token);
    await expectRefused(first.access_token);
    expect(await db().alert.count({ where: { kind: "refresh_token_reuse" } })).toBe(
      alertsBefore + 1,
    );
    expect((await call(bystander.access_token)).status).toBe(200);
    expect((await refresh(p, bystander.refresh_token)).status).toBe(200);
  });

  it("refresh tokens expire absolutely: rotation never extends the family's lifetime", async () => {
    const p = await newPartner();
    const first = await tokenPair(p.clientId, p.clientSecret);
    // Each rotation a few hours later (as a long-running integration would refresh)…
    let current = first.refresh_token;
    for (const hours of [6, 12, 18]) {
      vi.useFakeTimers({ now: Date.now() + hours * 3600_000, toFake: ["Date"] });
      try {
        const r = await refresh(p, current);
        expect(r.status).toBe(200);
        current = (await r.json()).refresh_token;
      } finally {
        vi.useRealTimers();
      }
    }
    // …and every token of the family still dies when the first one would have.
    const family = await db().refreshToken.findMany({
      where: { partnerId: p.partner.id },
      select: { expiresAt: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    expect(family).toHaveLength(4);
    const deadline = family[0]!.expiresAt.getTime();
    expect(deadline - family[0]!.createdAt.getTime()).toBeLessThanOrEqual(24 * 3600_000 + 1000);
    for (const t of family) expect(t.expiresAt.getTime()).toBe(deadline);
  });

  it("a refresh token works only for its own client, never widens scope, and dies with revocation", async () => {
    const p = await newPartner(["customers:read", "customers:write"]);
    const other = await newPartner();
    const narrow = await tokenPOST(
      form({
        grant_type: "client_credentials",
        client_id: p.clientId,
        client_secret: p.clientSecret,
        scope: "customers:read",
      }),
    );
    const pair = await narrow.json();
    expect((await refresh(other, pair.refresh_token)).status).toBe(400);
    const wider = await tokenPOST(
      form({
        grant_type: "refresh_token",
        refresh_token: pair.refresh_token,
        scope: "customers:write",
        client_id: p.clientId,
        client_secret: p.clientSecret,
      }),
    );
    expect((await wider.json()).error).toBe("invalid_scope");
    const fresh = await tokenPair(p.clientId, p.clientSecret);
    expect((await revoke(fresh.refresh_token, p)).status).toBe(200);
    expect((await refresh(p, fresh.refresh_token)).status).toBe(400);
    await expectRefused(fresh.access_token);
  });
});

describe("the token endpoint", () => {
  it("answers RFC 6749 errors and issues nothing on bad requests", async () => {
    const p = await newPartner();
    const bad = await tokenPOST(
      form({ grant_type: "client_credentials", client_id: p.clientId, client_secret: "wrong" }),
    );
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await bad.json()).toEqual({
      error: "invalid_client",
      error_description: expect.any(String),
    });
    expect((await (await tokenPOST(form({ grant_type: "password" }))).json()).error).toBe(
      "unsupported_grant_type",
    );
    const json = await tokenPOST(
      servedRequest("http://localhost/api/v1/oauth/token", {
        method: "POST",
        body: JSON.stringify({ grant_type: "client_credentials" }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(json.status).toBe(400);
    expect((await json.json()).error).toBe("invalid_request");
    const overScoped = await tokenPOST(
      form({
        grant_type: "client_credentials",
        client_id: p.clientId,
        client_secret: p.clientSecret,
        scope: "customers:write",
      }),
    );
    expect((await overScoped.json()).error).toBe("invalid_scope");
  });

  it("accepts HTTP Basic client authentication and answers with no-store", async () => {
    const p = await newPartner();
    const basic = Buffer.from(
      `${encodeURIComponent(p.clientId)}:${encodeURIComponent(p.clientSecret)}`,
    ).toString("base64");
    const res = await tokenPOST(
      form({ grant_type: "client_credentials" }, { authorization: `Basic ${basic}` }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 600, scope: "customers:read" });
    const claims = JSON.parse(Buffer.from(body.access_token.split(".")[1], "base64url").toString());
    expect(claims).toMatchObject({ sub: p.partner.id, aud: TOKEN_AUDIENCE, iss: tokenIssuer() });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
  });

  it("publishes only public keys", async () => {
    const { keys } = await (
      await jwksGET(servedRequest("http://localhost/.well-known/jwks.json"))
    ).json();
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(k.kid).toMatch(/^k_/);
      expect(k).not.toHaveProperty("d");
    }
  });
});
