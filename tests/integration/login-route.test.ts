import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...nextauth]/route";
import { env } from "@/lib/env";
import { attemptLogin, addressOverCeiling } from "@/lib/server/auth/login";

const callback = (ip: string) =>
  POST(
    new Request("http://localhost/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://localhost",
        host: "localhost",
        "x-veil-client-ip": ip,
      },
      body: new URLSearchParams({
        email: `flood-${randomUUID()}@test.veil`,
        password: "not-the-password",
        json: "true",
      }),
    }),
    { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
  );

describe("the sign-in route under a flood", () => {
  it("answers an address past its ceiling itself, in the refusal shape the form reads", async () => {
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const ctx = { ip, userAgent: "vitest", requestId: null };
    for (let i = 0; i <= env().VEIL_LOGIN_LIMIT_PER_ADDRESS; i++)
      await attemptLogin({ email: `spray-${i}@test.veil`, password: "not-the-password" }, ctx);
    expect(await addressOverCeiling(ip)).toBe(true);

    const res = await callback(ip);
    // The shape next-auth's own client reads: a 401 whose `url` carries the error code.
    expect(res.status).toBe(401);
    const body = (await res.json()) as { url: string };
    expect(new URL(body.url).searchParams.get("error")).toBe("RATE_LIMITED");
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("does not hold a fresh address past its ceiling", async () => {
    expect(await addressOverCeiling(`10.78.${Math.floor(Math.random() * 250)}.1`)).toBe(false);
  });
});
