import { limit } from "@/lib/policy/limits";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Principal } from "@/lib/server/auth/principal";
import { AppError } from "@/lib/server/errors";
import { toActionFailure } from "@/lib/server/http/action";
import { handlers, route, staffSession, type Authenticator } from "@/lib/server/http/route";
import { makeUser } from "../support/principals";

/** A staff-session route whose caller is fixed. */
const as = (p: Principal | null): Authenticator => ({
  ...staffSession,
  authenticate: async () => p,
});
const post = (body: unknown, type = "application/json") =>
  new Request("http://localhost/api/test", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": type, origin: "http://localhost", host: "localhost" },
  });
const bodySchema = z
  .object({ name: z.string().min(2, "Too short."), count: z.number().int() })
  .strict();

describe("the route wrapper", () => {
  it("answers 401 without a caller and 403 without the capability, as problem+json", async () => {
    const { principal: analyst } = await makeUser("ANALYST");
    const spec = { method: "POST", path: "/api/test", summary: "t", body: bodySchema } as const;
    const anonymous = route({ ...spec, auth: as(null) }, async () => ({ ok: true }));
    const res = await anonymous(post({ name: "ab", count: 1 }));
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const forbidden = route(
      { ...spec, auth: as(analyst), capability: "users.manage" },
      async () => ({ ok: true }),
    );
    const refused = await forbidden(post({ name: "ab", count: 1 }));
    expect(refused.status).toBe(403);
    // 403 answers three refusals (capability, step-up, two-factor): the code says which.
    expect((await refused.json()).code).toBe("FORBIDDEN");
    const { principal: unenrolled } = await makeUser("OFFICER", { mfa: false });
    const mfa = route(
      { ...spec, auth: as(unenrolled), capability: "customers.read" },
      async () => ({ ok: true }),
    );
    const needsMfa = await mfa(post({ name: "ab", count: 1 }));
    expect(needsMfa.status).toBe(403);
    expect((await needsMfa.json()).code).toBe("MFA_REQUIRED");
  });

  it("lists every invalid field, and refuses other content types and malformed JSON", async () => {
    const { principal } = await makeUser("AGENT");
    let calls = 0;
    const r = route(
      { method: "POST", path: "/api/test", summary: "t", auth: as(principal), body: bodySchema },
      async () => ++calls,
    );
    const bad = await r(post({ name: "a", count: 1.5, extra: true }));
    expect(bad.status).toBe(422);
    const problem = await bad.json();
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ["body", "body.count", "body.name"].sort(),
    );
    expect(JSON.stringify(problem)).not.toMatch(/stack|at \//);
    expect((await r(post("name=a", "application/x-www-form-urlencoded"))).status).toBe(415);
    expect((await r(post("{not json"))).status).toBe(422);
    // Over 64 KB: refused whether or not the length was declared, never read to the end.
    const big = JSON.stringify({ name: "x".repeat(70_000), count: 1 });
    const oversized = await r(post(big));
    expect(oversized.status).toBe(413);
    expect(oversized.headers.get("content-type")).toBe("application/problem+json");
    const streamed = new Request("http://localhost/api/test", {
      method: "POST",
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 100; i++) c.enqueue(new TextEncoder().encode("x".repeat(1024)));
          c.close();
        },
      }),
      duplex: "half",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost",
        host: "localhost",
      },
    } as RequestInit);
    expect((await r(streamed)).status).toBe(413);
    expect(calls).toBe(0);
    const ok = await r(post({ name: "ab", count: 2 }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toContain("no-store");
    expect(await ok.json()).toBe(1);
  });

  it("limits per caller with 429 and Retry-After", async () => {
    const { principal } = await makeUser("AGENT");
    const r = route(
      {
        method: "POST",
        path: "/api/test",
        summary: "t",
        auth: as(principal),
        rateLimit: "route:audit-export",
      },
      async () => "fine",
    );
    // The limit is the named one's (lib/policy/limits.ts), counted for this caller alone.
    for (let i = 0; i < limit("route:audit-export").count; i++)
      expect((await r(post({}))).status).toBe(200);
    const limited = await r(post({}));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("turns an unexpected failure into a 500 with an error id and nothing else", async () => {
    const r = route({ method: "GET", path: "/api/test", summary: "t" }, async () => {
      throw new Error("database password is hunter2");
    });
    const res = await r(new Request("http://localhost/api/test"));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.errorId).toBeTruthy();
    expect(JSON.stringify(body)).not.toContain("hunter2");
  });

  it("answers 405 with Allow for verbs a route does not serve", async () => {
    const served = route({ method: "GET", path: "/api/listed", summary: "listed" }, async () => 1);
    const h = handlers({ GET: served });
    const res = await h.DELETE(new Request("http://localhost/api/listed", { method: "DELETE" }));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});

describe("server action results", () => {
  it("carry the code, the user message and every issue, never internals", () => {
    const failure = toActionFailure(
      new AppError("VALIDATION", "internal detail", "Fix the name.", [
        { path: "name", message: "Fix the name." },
        { path: "count", message: "Whole number." },
      ]),
      null,
    );
    expect(failure).toEqual({
      ok: false,
      code: "VALIDATION",
      message: "Fix the name.",
      issues: [
        { path: "name", message: "Fix the name." },
        { path: "count", message: "Whole number." },
      ],
    });
    const unexpected = toActionFailure(new Error("secret internals"), "req-1");
    expect(unexpected).toMatchObject({ ok: false, code: "INTERNAL", errorId: "req-1" });
    expect(JSON.stringify(unexpected)).not.toContain("secret internals");
  });
});
