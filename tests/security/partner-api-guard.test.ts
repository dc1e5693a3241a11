// The partner API is served outside the middleware (lib/security/outside-middleware.ts), so its
// route handlers run the middleware's request guard themselves. These are the attacks that guard
// stops, tried on the handlers exactly as Next calls them in production (no middleware).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as unknownRoute from "@/app/api/[...path]/route";
import { GET as listGET, OPTIONS as listOPTIONS } from "@/app/api/v1/customers/route";
import { PUT as tokenPUT, POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { reloadEnv } from "@/lib/env";
import { insertCustomers } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { customerLike } from "../support/customers";
import { clientCredentialsToken } from "../support/partner-token";
import { makeUser } from "../support/principals";
import { servedRequest } from "../support/served-request";

const ALLOWED = "203.0.113.9";
let token: string;
let partnerId: string;

beforeAll(async () => {
  const { principal: admin } = await makeUser("ADMIN");
  const created = await createPartner(admin, {
    name: "Guarded partner",
    profile: "basic",
    scopes: ["customers:read"],
    ipAllowList: [`${ALLOWED}/32`],
  });
  partnerId = created.partner.id;
  const ids = await insertCustomers({ kind: "system", name: "test" }, [customerLike()]);
  await changePartnerSharing(admin, {
    partnerId: partnerId,
    change: "share",
    customers: { kind: "chosen", ids },
  });
  token = await clientCredentialsToken(created, ALLOWED);
});

afterEach(() => {
  delete process.env.VEIL_TRUST_PROXY;
  reloadEnv();
});

const list = (init: { peer?: string; headers?: Record<string, string> } = {}) =>
  listGET(
    servedRequest("http://localhost/api/v1/customers?limit=5", {
      peer: init.peer ?? ALLOWED,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
    }),
  );

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
}

describe("the partner API outside the middleware", () => {
  it("ignores a forged x-veil-client-ip: the allow-list and the audit row see the real peer", async () => {
    const forged = await list({ peer: "198.51.100.66", headers: { "x-veil-client-ip": ALLOWED } });
    expect(forged.status).toBe(403);
    const refusal = await db().auditEvent.findFirst({
      where: { actorId: partnerId, action: "partner.network_refused" },
      orderBy: { at: "desc" },
    });
    expect(refusal?.ip).toBe("198.51.100.66");
    expect((await list()).status).toBe(200);
  });

  it("ignores a forged x-request-id: logs and audit rows carry the guard's own", async () => {
    const res = await list({ headers: { "x-request-id": "forged-request-id" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).not.toBe("forged-request-id");
    const read = await db().auditEvent.findFirst({
      where: { actorId: partnerId, action: "customer.list" },
      orderBy: { at: "desc" },
    });
    expect(read?.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("refuses a Host it does not serve, and plain HTTP behind the proxy, as problem+json", async () => {
    const badHost = await list({ headers: { host: "evil.example" } });
    expect(badHost.status).toBe(400);
    expect(badHost.headers.get("content-type")).toBe("application/problem+json");
    expectSecurityHeaders(badHost);
    Object.assign(process.env, { VEIL_TRUST_PROXY: "1" });
    reloadEnv();
    const plain = await list({
      headers: { "x-forwarded-proto": "http", "x-forwarded-for": ALLOWED },
    });
    expect(plain.status).toBe(400);
    expect(plain.headers.get("location")).toBeNull();
  });

  it("carries the security headers on every answer: data, refusals, 405, preflight, unknown routes", async () => {
    const answers = [
      await list(),
      await list({ headers: { authorization: "Bearer not-a-token-at-all-xxxxxxxx" } }),
      await tokenPUT(servedRequest("http://localhost/api/v1/oauth/token", { method: "PUT" })),
      await listOPTIONS(
        servedRequest("http://localhost/api/v1/customers", {
          method: "OPTIONS",
          headers: { origin: "https://nobody.example" },
        }),
      ),
      await unknownRoute.GET(servedRequest("http://localhost/api/v1/nothing-here")),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 405, 403, 404]);
    for (const res of answers) expectSecurityHeaders(res);
  });

  it("still takes token requests from other sites (bearer and client credentials, not cookies)", async () => {
    const res = await tokenPOST(
      servedRequest("http://localhost/api/v1/oauth/token", {
        method: "POST",
        peer: ALLOWED,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://partner-app.example",
        },
        body: "grant_type=client_credentials&client_id=nobody&client_secret=nothing",
      }),
    );
    expect(res.status).toBe(401); // a bad client, not a cross-site refusal
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
  });
});
