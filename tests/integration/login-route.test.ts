import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { middleware } from "@/middleware";
import { attemptLogin } from "@/lib/server/auth/login";
import { addressOverCeiling } from "@/lib/server/auth/rate-limit";

describe("sign-in under a flood", () => {
  it("past the ceiling, is answered by the middleware in the refusal shape the form reads", async () => {
    const ip = `10.79.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const ctx = { ip, userAgent: "vitest", requestId: null };
    const signIn = (path = "/api/auth/callback/credentials") =>
      middleware(
        new NextRequest(`http://localhost${path}`, {
          method: "POST",
          headers: {
            host: "localhost",
            origin: "http://localhost",
            "content-type": "application/x-www-form-urlencoded",
            "x-forwarded-for": ip,
          },
          body: "json=true",
        }),
      );
    // Below the ceiling the attempt passes on to the route (and next-auth).
    expect((await signIn()).headers.get("x-middleware-next")).toBe("1");
    for (let i = 0; i <= env().VEIL_LOGIN_LIMIT_PER_ADDRESS; i++)
      await attemptLogin({ email: `spray-${i}@test.veil`, password: "not-the-password" }, ctx);
    const res = await signIn();
    // The shape next-auth's own client reads: a 401 whose `url` carries the error code.
    expect(res.status).toBe(401);
    expect(res.headers.get("x-middleware-next")).toBeNull();
    expect(new URL(((await res.json()) as { url: string }).url).searchParams.get("error")).toBe(
      "RATE_LIMITED",
    );
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toContain("no-store");
    // Only the credentials callback: the address may still load the sign-in page's endpoints.
    expect((await signIn("/api/auth/session")).status).not.toBe(401);
  });

  it("does not hold a fresh address past its ceiling", async () => {
    expect(await addressOverCeiling(`10.78.${Math.floor(Math.random() * 250)}.1`)).toBe(false);
  });
});
