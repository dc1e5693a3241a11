import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { middleware } from "@/middleware";

// middleware.ts is exercised directly so its behaviour survives a rename to proxy.ts.
function run(
  url: string,
  headers: Record<string, string> = {},
  env: Record<string, string> = {},
  method = "GET",
) {
  Object.assign(process.env, {
    NODE_ENV: "production",
    VEIL_TRUST_PROXY: "",
    VEIL_ALLOWED_HOSTS: "localhost,127.0.0.1",
    ...env,
  });
  reloadEnv();
  const u = new URL(url);
  return middleware(new NextRequest(url, { method, headers: { host: u.host, ...headers } }));
}

afterEach(() => {
  delete process.env.VEIL_TRUST_PROXY;
  delete process.env.VEIL_ALLOWED_HOSTS;
  reloadEnv();
});

describe("middleware", () => {
  it("answers a disallowed Host with 400 problem+json", async () => {
    const res = await run("http://evil.example/");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("honours VEIL_ALLOWED_HOSTS", async () => {
    expect(
      (await run("http://veil.bank.example/", {}, { VEIL_ALLOWED_HOSTS: "veil.bank.example" }))
        .status,
    ).not.toBe(400);
    expect(
      (await run("http://localhost:3000/", {}, { VEIL_ALLOWED_HOSTS: "veil.bank.example" })).status,
    ).toBe(400);
  });

  it("redirects plain-http requests to https (308) only behind a trusted proxy", async () => {
    const trusted = await run(
      "http://localhost:3000/customers?page=2",
      { "x-forwarded-proto": "http" },
      { VEIL_TRUST_PROXY: "1" },
    );
    expect(trusted.status).toBe(308);
    expect(trusted.headers.get("location")).toBe("https://localhost:3000/customers?page=2");
    const untrusted = await run("http://localhost:3000/", { "x-forwarded-proto": "http" });
    expect(untrusted.status).toBe(200);
  });

  it("refuses plain-http API calls behind a trusted proxy instead of redirecting them", async () => {
    // A redirect would let a misconfigured integration keep sending its token in the clear.
    const res = await run(
      "http://localhost:3000/api/v1/customers",
      { "x-forwarded-proto": "http", authorization: "Bearer abc" },
      { VEIL_TRUST_PROXY: "1" },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("location")).toBeNull();
  });

  it("takes the client IP from X-Forwarded-For only behind a trusted proxy", async () => {
    const forwardedIp = (res: Response) => res.headers.get("x-middleware-request-x-veil-client-ip");
    const trusted = await run(
      "http://localhost:3000/",
      { "x-forwarded-for": "6.6.6.6, 10.1.2.3" },
      { VEIL_TRUST_PROXY: "1" },
    );
    expect(forwardedIp(trusted)).toBe("10.1.2.3");
    // Untrusted: the server preload has already replaced the header with the socket peer, so the
    // first entry is the peer; a client-sent x-veil-client-ip never passes through.
    const spoof = await run("http://localhost:3000/", {
      "x-forwarded-for": "127.0.0.1",
      "x-veil-client-ip": "1.2.3.4",
    });
    expect(forwardedIp(spoof)).toBe("127.0.0.1");
  });

  it("gives each request a fresh nonce that matches the CSP passed to the page", async () => {
    const a = await run("http://localhost:3000/");
    const b = await run("http://localhost:3000/");
    const nonceOf = (r: Response) =>
      /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy")!)?.[1];
    expect(nonceOf(a)).toBeTruthy();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(a));
  });

  it("sends anonymous visitors of portal pages to /login (defence in depth)", async () => {
    const res = await run("http://localhost:3000/customers");
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!).pathname).toBe("/login");
  });

  it("answers a malformed percent-escape in the path with 400 problem+json (not Next's 500)", async () => {
    // sqlmap's URI payloads (`…%%27 AND 1=1`) made Next's router throw while decoding the path.
    for (const path of [
      "/api/v1/customers/abc%%27%20AND%201%3D1",
      "/api/v1/customers/%E0%A4%A",
      "/x%",
    ]) {
      const res = await run(`http://localhost${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await run("http://localhost/api/v1/customers/a%20b")).status).toBe(200);
  });

  it("refuses over-long URLs with 414", async () => {
    expect((await run(`http://localhost:3000/?q=${"x".repeat(5000)}`)).status).toBe(414);
  });
});

describe("middleware against cross-site writes", () => {
  it("refuses a POST whose Origin is another site", async () => {
    const res = await run(
      "http://localhost:3000/admin/users",
      { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      {},
      "POST",
    );
    expect(res.status).toBe(403);
  });
  it("lets a same-origin POST through", async () => {
    const res = await run(
      "http://localhost:3000/login",
      { origin: "http://localhost:3000" },
      {},
      "POST",
    );
    expect(res.status).toBe(200);
  });
});
