import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { THRESHOLDS } from "@/lib/server/alerts/thresholds";
import { CAPTCHA_AFTER_FAILURES, LOCK_AFTER_FAILURES } from "@/lib/server/auth/login";
import { db } from "@/lib/server/db";
import { insertCustomers } from "@/lib/server/customers";
import { createPartner } from "@/lib/server/partners";
import { fakeCustomers } from "@/lib/seed/fake-customers";
import { startInstance as spawnInstance } from "../support/app-instance-process";
import { solvedCaptcha } from "../support/captcha";
import { clientCredentialsToken, readerPartner } from "../support/partner-token";
import { makeUser, TEST_PASSWORD } from "../support/principals";

const SYSTEM = { kind: "system", name: "test" } as const;
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

const randomTestIp = (prefix: string) =>
  `${prefix}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

type Instance = ReturnType<typeof spawnInstance>;

/** Two warm instances with the same environment, stopped afterwards whatever happens. */
async function withTwoInstances(
  env: Record<string, string>,
  fn: (a: Instance, b: Instance) => Promise<void>,
) {
  const [a, b] = [spawnInstance(env), spawnInstance(env)];
  try {
    await fn(a, b);
  } finally {
    a.stop();
    b.stop();
  }
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
    const access_token = await clientCredentialsToken(p);
    const [a, b] = await Promise.all([
      run("tests/support/partner-burst.ts", ["11", access_token], { REDIS_URL }),
      run("tests/support/partner-burst.ts", ["11", access_token], { REDIS_URL }),
    ]);
    expect((a["200"] ?? 0) + (b["200"] ?? 0)).toBe(20);
    expect((a["429:retry"] ?? 0) + (b["429:retry"] ?? 0)).toBe(2);
  }, 120_000);
});

// Two warm app processes: a revocation or a lockout made through one is in force on the other at
// its very next request (the jti block-list lives in the shared store, lockouts in the database).
describe("revocations and lockouts across two instances", () => {
  it("a token revoked on one instance is refused by the other at once (shared Redis)", async () => {
    const { partnerId, token } = await readerPartner("Revoked elsewhere");
    await withTwoInstances({ REDIS_URL }, async (a, b) => {
      expect(await b.send({ op: "call", token })).toBe(200); // b has the partner cached
      expect(await a.send({ op: "revoke", token, partnerId })).toBe(true);
      expect(await b.send({ op: "call", token })).toBe(401);
      expect(await a.send({ op: "call", token })).toBe(401);
    });
  }, 120_000);

  it("without Redis the revocation stays on the instance that made it (why production needs REDIS_URL)", async () => {
    const { partnerId, token } = await readerPartner("Revoked in memory");
    await withTwoInstances({ REDIS_URL: "" }, async (a, b) => {
      expect(await a.send({ op: "revoke", token, partnerId })).toBe(true);
      expect(await a.send({ op: "call", token })).toBe(401);
      expect(await b.send({ op: "call", token })).toBe(200);
    });
  }, 120_000);

  it("an account locked through one instance refuses the right password on the other", async () => {
    const { user } = await makeUser("AGENT", { mfa: false });
    // Fresh addresses: the per-address counters live in the same Redis across test runs.
    const [ipA, ipB] = [randomTestIp("198.18"), randomTestIp("198.19")];
    await withTwoInstances({ REDIS_URL }, async (a, b) => {
      // Before: b lets the right password in (and the account's failure count restarts).
      const login = { op: "login", email: user.email, password: TEST_PASSWORD, ip: ipB } as const;
      expect(await b.send(login)).toBe("ok");
      for (let i = 1; i <= LOCK_AFTER_FAILURES + 1; i++) {
        const altcha = i > CAPTCHA_AFTER_FAILURES ? await solvedCaptcha() : undefined;
        expect(await a.send({ ...login, password: `no-${i}`, ip: ipA, altcha })).toBe("INVALID");
      }
      // The same request to b, now with a solved captcha too: refused, generically.
      expect(await b.send({ ...login, altcha: await solvedCaptcha() })).toBe("INVALID");
    });
  }, 120_000);
});

// A captcha solution is single-use everywhere: spent through one instance, it is refused by the
// other (the used-solution list lives in the shared store).
describe("captcha solutions across two instances", () => {
  it("a solution spent on one instance is refused on the other (shared Redis)", async () => {
    const { user } = await makeUser("AGENT", { mfa: false });
    const [ipA, ipB] = [randomTestIp("198.18"), randomTestIp("198.19")];
    await withTwoInstances({ REDIS_URL }, async (a, b) => {
      const login = { op: "login", email: user.email, password: "wrong", ip: ipA } as const;
      // Past the captcha threshold for this account.
      for (let i = 1; i <= CAPTCHA_AFTER_FAILURES; i++) expect(await a.send(login)).toBe("INVALID");
      const solution = await solvedCaptcha();
      expect(await a.send({ ...login, altcha: solution })).toBe("INVALID"); // spent here
      expect(await b.send({ ...login, ip: ipB, altcha: solution })).toBe("CAPTCHA_REQUIRED");
      expect(await b.send({ ...login, ip: ipB, altcha: await solvedCaptcha() })).toBe("INVALID");
    });
  }, 120_000);
});

// Erasure must not leave a customer's data key usable in any instance's memory: the instance that
// shreds announces it on Redis and every other drops its cached key at once (lib/server/crypto/
// forget-bus.ts), instead of keeping it for the cache's TTL.
describe("the data-key cache across two instances", () => {
  async function eventually(check: () => Promise<boolean>, ms = 3000) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  it("an erasure through one instance drops the key from the other's cache at once (shared Redis)", async () => {
    const [id] = await insertCustomers(SYSTEM, fakeCustomers(1, 31));
    await withTwoInstances({ REDIS_URL }, async (a, b) => {
      // An instance caches only once it hears erasures (its subscription may take a moment).
      for (const instance of [a, b])
        expect(
          await eventually(
            async () => (await instance.send({ op: "cacheKey", customerId: id! })) === true,
            10_000, // the first answer also waits for the process to start
          ),
        ).toBe(true);
      expect(await a.send({ op: "erase", customerId: id! })).toBe(1);
      expect(await a.send({ op: "cached", customerId: id! })).toBe(false);
      expect(
        await eventually(async () => (await b.send({ op: "cached", customerId: id! })) === false),
      ).toBe(true);
    });
  }, 120_000);

  it("without Redis the other instance keeps it until its TTL (why production needs REDIS_URL)", async () => {
    const [id] = await insertCustomers(SYSTEM, fakeCustomers(1, 32));
    await withTwoInstances({ REDIS_URL: "" }, async (a, b) => {
      expect(await b.send({ op: "cacheKey", customerId: id! })).toBe(true);
      expect(await a.send({ op: "erase", customerId: id! })).toBe(1);
      await new Promise((r) => setTimeout(r, 500));
      expect(await b.send({ op: "cached", customerId: id! })).toBe(true);
    });
  }, 120_000);
});

// The alert rules count in the same shared store: a user reading 60 % of the bulk-read threshold
// through each of two instances crosses it once between them (and raises one alert) when they
// share Redis; with separate in-process stores neither instance ever sees the threshold.
describe("alert counts across two instances", () => {
  const share = Math.ceil(THRESHOLDS.recordsReadPerWindow.default * 0.6);
  const bulkReadAlerts = (userId: string) =>
    db().alert.count({ where: { kind: "bulk_read", subjectId: userId } });

  it("add up when both share Redis", async () => {
    const { user } = await makeUser("AGENT");
    await withTwoInstances({ REDIS_URL }, async (a, b) => {
      expect(await a.send({ op: "read", userId: user.id, records: share })).toBe("counted");
      expect(await bulkReadAlerts(user.id)).toBe(0);
      expect(await b.send({ op: "read", userId: user.id, records: share })).toBe("counted");
      expect(await bulkReadAlerts(user.id)).toBe(1);
    });
  }, 120_000);

  it("stay per process with separate in-process stores", async () => {
    const { user } = await makeUser("AGENT");
    await withTwoInstances({ REDIS_URL: "" }, async (a, b) => {
      await a.send({ op: "read", userId: user.id, records: share });
      await b.send({ op: "read", userId: user.id, records: share });
      expect(await bulkReadAlerts(user.id)).toBe(0);
    });
  }, 120_000);
});
