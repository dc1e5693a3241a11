// Runs after every e2e spec (a Playwright teardown project): the server's whole output for the
// run — sign-ins right and wrong, reveals, partner tokens, admin actions, alerts — must hold no
// customer canary, no password or code typed in the run, no secret or token, and no full email.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CANARY_SECRETS } from "../support/customers";
import { E2E_DEMO_PASSWORD, E2E_TOTP_SECRET } from "./support/server-env";

/** Passwords and guesses the specs type (see their sources). */
const TYPED = [
  E2E_DEMO_PASSWORD,
  "a sturdy e2e passphrase",
  "a second officer passphrase",
  "first wrong guess",
  "second wrong guess",
  "wrong password 0",
];

test("no server log line holds a canary, a typed password, a secret, a token or a full email", () => {
  const log = readFileSync("test-results/e2e-server.log", "utf8");
  expect(log.length).toBeGreaterThan(0);
  const secretsFile = path.join(process.env.VEIL_E2E_DATA_DIR!, "secrets.env");
  const secrets = readFileSync(secretsFile, "utf8")
    .split("\n")
    .map((l) => /^[A-Z0-9_]+=(.+)$/.exec(l)?.[1])
    .filter((v): v is string => Boolean(v))
    .flatMap((v) => v.split(",").map((k) => k.replace(/^k\d+:/, "")));
  expect(secrets.length).toBeGreaterThan(4);
  const found = [...CANARY_SECRETS, ...TYPED, E2E_TOTP_SECRET, ...secrets].filter((s) =>
    log.includes(s),
  );
  expect(found).toEqual([]);
  // Tokens: JWTs (partner access tokens), bearer headers, opaque refresh tokens by their prefix.
  expect(log).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  expect(log).not.toMatch(/Bearer \S+/i);
  // Email addresses, in any form.
  expect(log.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? []).toEqual([]);
});

/** Lines written by background work (timers, not requests): the only ones without a request id. */
const BACKGROUND = new Set([
  "audit checkpoint",
  "alert webhook failed",
  "job failed",
  "job request failed",
  "job runner error",
  "retention run",
  "alert rate counting failed",
  "redis error",
]);

test("every log line written while serving a request carries its request id", () => {
  const lines = readFileSync("test-results/e2e-server.log", "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg?: string; requestId?: string });
  // (A full run always writes some: every wrong sign-in is logged.)
  // Known gap (see the issue note): next-auth's own client-fetch errors are logged during a page
  // render, where the request context is not entered; every other request-scoped line has it.
  const orphans = lines.filter(
    (l) =>
      !l.requestId &&
      !BACKGROUND.has(l.msg ?? "") &&
      (l as { code?: string }).code !== "CLIENT_FETCH_ERROR",
  );
  expect(orphans).toEqual([]);
});
