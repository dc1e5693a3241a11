// A real OpenID Connect provider for the single sign-on tests: `oidc-provider` (OpenID
// certified), with test people and their groups, never a mock of the protocol. Test-only
// endpoints under /test change a person's groups and make the next token answer misbehave the
// ways an attacker would (a forged or replayed ID token), so Veil's checks are tried for real.
// Run as a script it serves until killed (the e2e runner starts it beside Veil).
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import Provider from "oidc-provider";

export type TestPerson = { email: string; name: string; groups: string[] };
export type Misbehaviour = "wrong-issuer" | "wrong-audience" | "bad-signature" | "replay";

export const TEST_IDP_CLIENT = { id: "veil-test", secret: "veil-test-client-secret-0123456789" };

export const TEST_PEOPLE: Record<string, TestPerson> = {
  "sso-agent": { email: "sso.agent@idp.test", name: "Sam Sso", groups: ["veil-agents"] },
  "sso-admin": { email: "sso.admin@idp.test", name: "Ada Sso", groups: ["veil-admins", "staff"] },
  "sso-outsider": { email: "sso.outsider@idp.test", name: "Oli Out", groups: ["marketing"] },
};

export async function startTestIdp(opts: {
  port: number;
  redirectUris: string[];
  backchannelLogoutUri?: string;
}) {
  const people = structuredClone(TEST_PEOPLE);
  const issuer = `http://127.0.0.1:${opts.port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-idp-1", alg: "RS256", use: "sig" };
  const { privateKey: strangerKey } = await generateKeyPair("RS256");

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_IDP_CLIENT.id,
        client_secret: TEST_IDP_CLIENT.secret,
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        post_logout_redirect_uris: [],
        ...(opts.backchannelLogoutUri ? { backchannel_logout_uri: opts.backchannelLogoutUri } : {}),
      },
    ],
    jwks: { keys: [jwk] },
    claims: { openid: ["sub"], email: ["email"], profile: ["name"], groups: ["groups"] },
    // Claims in the ID token itself (Veil reads the ID token, not the userinfo endpoint).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // oidc-provider refuses outgoing calls to special-use addresses (SSRF protection); this test
    // provider's only outgoing call is the back-channel logout to Veil on loopback.
    fetch: (url: string | URL | Request, options?: RequestInit) => {
      const { dispatcher: _ssrfGuard, ...rest } = (options ?? {}) as RequestInit & {
        dispatcher?: unknown;
      };
      return fetch(url, rest);
    },
    features: { devInteractions: { enabled: true }, backchannelLogout: { enabled: true } },
    findAccount: async (_ctx, id) => {
      const person = people[id];
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: person.email,
          name: person.name,
          groups: person.groups,
        }),
      };
    },
    // Consent is not the subject here: Veil's client is granted what it asks for.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile groups");
      grant.addOIDCClaims(["email", "name", "groups"]);
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;

  let misbehave: Misbehaviour | null = null;
  let lastIdToken: string | null = null;
  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith("/test/")) return testEndpoint(ctx);
    await next();
    if (ctx.path !== "/token" || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: string };
    if (!body?.id_token) return;
    const genuine = body.id_token;
    if (misbehave) {
      body.id_token = await forge(misbehave, genuine);
      misbehave = null; // once
    }
    lastIdToken = genuine;
  });

  async function forge(mode: Misbehaviour, genuine: string): Promise<string> {
    if (mode === "replay") return lastIdToken ?? genuine;
    const claims = decodeJwt(genuine);
    const header = decodeProtectedHeader(genuine);
    if (mode === "wrong-issuer") claims.iss = "http://127.0.0.1:1/not-the-issuer";
    if (mode === "wrong-audience") claims.aud = "someone-else";
    const key = mode === "bad-signature" ? strangerKey : privateKey;
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: header.kid }).sign(key);
  }

  async function testEndpoint(ctx: import("koa").Context) {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
    if (ctx.method === "POST" && ctx.path === "/test/groups" && people[body.account]) {
      people[body.account]!.groups = body.groups;
      ctx.status = 204;
    } else if (ctx.method === "POST" && ctx.path === "/test/misbehave") {
      misbehave = body.mode;
      ctx.status = 204;
    } else ctx.status = 404;
  }

  // A failed back-channel call would otherwise be silent (the spec then sees a session live on).
  provider.on("backchannel.error", (_ctx: unknown, err: Error & { cause?: unknown }) =>
    console.error(`test IdP: back-channel logout failed: ${err.message} ${String(err.cause)}`),
  );
  const server = provider.listen(opts.port);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    issuer,
    port: (server.address() as AddressInfo).port,
    /** A JWT signed with the provider's own key (or, `stranger`, a key it never published). */
    sign: (claims: Record<string, unknown>, o: { stranger?: boolean } = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "logout+jwt" })
        .sign(o.stranger ? strangerKey : privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The test-only controls, as a spec calls them. */
export async function setIdpGroups(issuer: string, account: string, groups: string[]) {
  const res = await fetch(`${issuer}/test/groups`, {
    method: "POST",
    body: JSON.stringify({ account, groups }),
  });
  if (res.status !== 204) throw new Error(`test IdP answered ${res.status}`);
}

export async function misbehaveOnce(issuer: string, mode: Misbehaviour) {
  const res = await fetch(`${issuer}/test/misbehave`, {
    method: "POST",
    body: JSON.stringify({ mode }),
  });
  if (res.status !== 204) throw new Error(`test IdP answered ${res.status}`);
}

if (process.argv[1]?.endsWith("test-idp.ts")) {
  const port = Number(process.env.TEST_IDP_PORT ?? 3299);
  const redirectUris = (process.env.TEST_IDP_REDIRECT_URIS ?? "").split(",").filter(Boolean);
  const backchannelLogoutUri = process.env.TEST_IDP_BACKCHANNEL_LOGOUT_URI || undefined;
  void startTestIdp({ port, redirectUris, backchannelLogoutUri }).then((idp) =>
    console.log(`test identity provider at ${idp.issuer}`),
  );
}
