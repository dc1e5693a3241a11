import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env, reloadEnv } from "@/lib/env";
import { attemptLogin } from "@/lib/server/auth/login";
import { addressOverCeiling } from "@/lib/server/auth/rate-limit";
import { installBeforeNext } from "@/lib/server/http/before-next";

// The production server's preload (scripts/peer-address.cjs) with the app's before-Next hook
// installed, in front of a stand-in for Next that records what reaches it. Behind a trusted
// proxy, so each test picks its client address with X-Forwarded-For.
let base = "";
const reachedNext: { path: string; body: string }[] = [];
let server: http.Server;

beforeAll(async () => {
  process.env.VEIL_TRUST_PROXY = "1";
  process.env.VEIL_TRUSTED_PROXY_HOPS = "1";
  reloadEnv();
  createRequire(import.meta.url)("../../scripts/peer-address.cjs");
  installBeforeNext();
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      reachedNext.push({ path: req.url ?? "", body });
      res.end("next");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const randomIp = () =>
  `10.79.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

const signIn = (ip: string, path = "/api/auth/callback/credentials") =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      origin: base,
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": ip,
    },
    body: "email=someone%40test.veil&password=not-it&json=true",
  });

async function pastTheCeiling(ip: string) {
  const ctx = { ip, userAgent: "vitest", requestId: null };
  for (let i = 0; i <= env().VEIL_LOGIN_LIMIT_PER_ADDRESS; i++)
    await attemptLogin({ email: `spray-${i}@test.veil`, password: "not-the-password" }, ctx);
}

describe("sign-in under a flood, answered before Next", () => {
  it("below the ceiling, the attempt reaches Next whole (its body was not read)", async () => {
    const before = reachedNext.length;
    const res = await signIn(randomIp());
    expect(await res.text()).toBe("next");
    expect(reachedNext.slice(before)).toEqual([
      {
        path: "/api/auth/callback/credentials",
        body: "email=someone%40test.veil&password=not-it&json=true",
      },
    ]);
  });

  it("past the ceiling, is refused without reaching Next, in the shape the form reads", async () => {
    const ip = randomIp();
    await pastTheCeiling(ip);
    const before = reachedNext.length;
    for (const path of ["/api/auth/callback/credentials", "/api/auth/callback/credentials?x=1"]) {
      const res = await signIn(ip, path);
      // The shape next-auth's own client reads: a 401 whose `url` carries the error code.
      expect(res.status).toBe(401);
      const { url } = (await res.json()) as { url: string };
      expect(new URL(url).searchParams.get("error")).toBe("RATE_LIMITED");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("cache-control")).toContain("no-store");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(reachedNext.length).toBe(before);
    // Only the credentials callback, and only that address.
    expect(await (await signIn(ip, "/api/auth/session")).text()).toBe("next");
    expect(await (await signIn(randomIp())).text()).toBe("next");
  });

  it("leaves what the middleware refuses to the middleware (a foreign host)", async () => {
    const ip = randomIp();
    await pastTheCeiling(ip);
    const res = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${base}/api/auth/callback/credentials`,
        { method: "POST", headers: { host: "evil.example", "x-forwarded-for": ip } },
        (r) => {
          let b = "";
          r.on("data", (c) => (b += c));
          r.on("end", () => resolve(b));
        },
      );
      req.on("error", reject);
      req.end("json=true");
    });
    expect(res).toBe("next");
  });

  it("does not hold a fresh address past its ceiling", async () => {
    expect(await addressOverCeiling(randomIp())).toBe(false);
  });
});
