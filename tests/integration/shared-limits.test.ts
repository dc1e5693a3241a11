import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { createPartner } from "@/lib/server/partners";
import { makeUser } from "../support/principals";
import { servedRequest } from "../support/served-request";

const REDIS_URL = process.env.VEIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const instance = (count: number, email: string, ip: string, env: Record<string, string>) =>
  run("tests/support/login-burst.ts", [String(count), email, ip], env);

/** Runs a script as a separate app process; resolves with the tally it prints last. */
function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<Record<string, number>>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", script, ...args],
      {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()!))
        : reject(new Error(`instance exited ${code}`)),
    );
  });
}

// Two app processes hammer one account, 25 attempts each. Sharing Redis, their combined
// allowance is the per-account limit (30 per 15 min); with separate in-process stores each
// instance would allow its own 30 and nothing would be refused.
describe("login rate limits across two instances", () => {
  it("hold when both share Redis", async () => {
    const ip = `172.16.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const email = `burst-${randomUUID()}@test.veil`;
    const [a, b] = await Promise.all([
      instance(25, email, ip, { REDIS_URL }),
      instance(25, email, ip, { REDIS_URL }),
    ]);
    const limited = (a.RATE_LIMITED ?? 0) + (b.RATE_LIMITED ?? 0);
    expect(limited).toBe(50 - 30);
  }, 120_000);

  it("are per process with separate in-process stores (why production needs REDIS_URL)", async () => {
    const ip = `172.17.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const email = `burst-${randomUUID()}@test.veil`;
    const [a, b] = await Promise.all([
      instance(25, email, ip, { REDIS_URL: "" }),
      instance(25, email, ip, { REDIS_URL: "" }),
    ]);
    expect((a.RATE_LIMITED ?? 0) + (b.RATE_LIMITED ?? 0)).toBe(0);
  }, 120_000);
});

// Two app processes call the partner API with one token, 11 requests each, on a 20/hour partner:
// sharing Redis, exactly the two requests past the 20th are refused, each with Retry-After.
describe("partner limits across two instances", () => {
  it("hold when both share Redis", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const p = await createPartner(admin, {
      name: "Burst",
      profile: "basic",
      scopes: ["customers:read"],
      perMinute: 1000,
      perHour: 20,
    });
    const res = await tokenPOST(
      servedRequest("http://localhost/api/v1/oauth/token", {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: p.clientId,
          client_secret: p.clientSecret,
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    const { access_token } = await res.json();
    const [a, b] = await Promise.all([
      run("tests/support/partner-burst.ts", ["11", access_token], { REDIS_URL }),
      run("tests/support/partner-burst.ts", ["11", access_token], { REDIS_URL }),
    ]);
    expect((a["200"] ?? 0) + (b["200"] ?? 0)).toBe(20);
    expect((a["429:retry"] ?? 0) + (b["429:retry"] ?? 0)).toBe(2);
  }, 120_000);
});
