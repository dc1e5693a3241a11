import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CANARY, CANARY_SECRETS } from "../support/customers";
import { signIn, totpCode } from "./support/auth";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

let canaryId = "";

test.beforeAll(() => {
  // Seeded through the operator CLI while the server runs (it shares the embedded database).
  const dir = mkdtempSync(path.join(os.tmpdir(), "veil-canary-"));
  const file = path.join(dir, "canary.json");
  writeFileSync(file, JSON.stringify([CANARY]));
  const r = spawnSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/veil.ts",
      "customers:import",
      "--file",
      file,
      "--json",
    ],
    {
      env: {
        ...process.env,
        VEIL_DATA_DIR: process.env.VEIL_E2E_DATA_DIR!,
        DATABASE_URL: "",
        NODE_ENV: "production",
      },
      encoding: "utf8",
    },
  );
  expect(r.status, r.stderr).toBe(0);
  canaryId = JSON.parse(r.stdout).imported[0].id;
});

/** Records every response body the browser receives: HTML, RSC payloads, JSON, action results. */
function recordResponses(page: Page) {
  const bodies: Body[] = [];
  page.on("response", async (res) => {
    try {
      bodies.push({
        url: res.url(),
        body: (await res.body()).toString("utf8"),
        headers: res.headers(),
      });
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
  return bodies;
}

function leaks(text: string) {
  return CANARY_SECRETS.filter((s) => text.includes(s) || text.includes(s.toLowerCase()));
}

type Body = { url: string; body: string; headers: Record<string, string> };

async function visitEverything(page: Page, role: string, extra: Body[]) {
  const paths = ["/customers", "/customers?page=2", `/customers/${canaryId}`, "/account"];
  if (role === "AGENT" || role === "ANALYST") paths.push("/account/two-factor"); // enrolled roles are sent back to /account
  if (role !== "ANALYST") paths.push(`/customers/${canaryId}/edit`, "/customers/new");
  if (role === "ADMIN") paths.push("/admin/users");
  if (role === "OFFICER") paths.push("/approvals");
  for (const p of paths) {
    await page.goto(p);
    await page.waitForLoadState("load");
    // The RSC payload a client-side navigation would fetch (same cookies as the page).
    const rsc = await page.request.get(p, { headers: { RSC: "1" } });
    extra.push({ url: rsc.url(), body: await rsc.text(), headers: rsc.headers() });
  }
  // Searches go through a server action; its response is recorded too.
  if (role === "ANALYST") {
    // Analysts may only look a record up by a token they were shown (no identifier search).
    await page.goto(`/customers/${canaryId}`);
    const emailValue = page
      .locator("dt", { hasText: /^Email$/ })
      .locator("xpath=following-sibling::dd");
    const token = (await emailValue.innerText()).trim();
    expect(token).toMatch(/^tok_[A-Za-z0-9_-]{22}$/);
    await page.goto("/customers");
    await page.waitForLoadState("networkidle"); // hydrated: typing is not reset by React
    await expect(page.getByLabel("Search by").locator("option")).toHaveText(["Token (tok_…)"]);
    await page.getByLabel("Value").fill(token);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText(/^[1-9]\d* match(es)? for /)).toBeVisible();
    await expect(page.getByRole("link", { name: /^tok_/ }).first()).toBeVisible();
    return;
  }
  await page.goto("/customers");
  await page.waitForLoadState("networkidle"); // hydrated: typing is not reset by React
  await page.getByLabel("Search by").selectOption("pan");
  await page.getByLabel("Value").fill(CANARY.pan);
  await page.getByRole("button", { name: "Search" }).click();
  // (The canary may exist twice if a retried worker re-ran beforeAll: any match count is fine.)
  await expect(page.getByText(/^[1-9]\d* match(es)? for /)).toBeVisible();
  await page.getByLabel("Search by").selectOption("name");
  await page.getByLabel("Value").fill("Canary");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: "Canary Testperson" }).first()).toBeVisible();
}

for (const [role, email, needsTotp] of [
  ["AGENT", "agent@veil.local", false],
  ["ANALYST", "analyst@veil.local", false],
  ["ADMIN", "admin@veil.local", true],
] as const) {
  test(`as ${role}, no page, RSC payload, JSON or action response carries a canary value`, async ({
    page,
  }) => {
    const bodies = recordResponses(page);
    await signIn(
      page,
      email,
      E2E_DEMO_PASSWORD,
      needsTotp ? (ahead) => totpCode(ahead) : undefined,
    );
    await visitEverything(page, role, bodies);
    expect(bodies.length).toBeGreaterThan(20);
    for (const b of bodies) expect(leaks(b.body), b.url).toEqual([]);
  });
}

test("as OFFICER, a canary value appears only in the audited reveal response, which is no-store", async ({
  page,
}) => {
  const bodies = recordResponses(page);
  await signIn(page, "officer@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  await visitEverything(page, "OFFICER", bodies);
  await page.goto(`/customers/${canaryId}`);
  // The two-factor sign-in counted as a step-up; once that has lapsed, a reveal asks again.
  await page.context().clearCookies({ name: "__Host-veil.stepup" });
  await page.getByRole("button", { name: "Reveal Email" }).click();
  await page.getByLabel("Purpose").selectOption("customer_request");
  await page.getByLabel("Case reference").fill("TICKET-8812");
  await page.getByRole("button", { name: "Reveal", exact: true }).click();
  await page.getByLabel("Password or code").fill(E2E_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(CANARY.email)).toBeVisible();
  await expect(page.getByText(/Hides in \d+s/)).toBeVisible();

  const withCanary = bodies.filter((b) => leaks(b.body).length > 0);
  expect(withCanary.map((b) => new URL(b.url).pathname)).toEqual(["/api/reveal"]);
  expect(leaks(withCanary[0]!.body)).toEqual([CANARY.email]);
  expect(withCanary[0]!.headers["cache-control"]).toContain("no-store");
});

test("no built client chunk contains a canary value", async () => {
  const files: string[] = [];
  const walk = (d: string) =>
    readdirSync(d).forEach((n) =>
      statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : files.push(path.join(d, n)),
    );
  walk(".next/static");
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) expect(leaks(readFileSync(f, "utf8")), f).toEqual([]);
  // (The server's log is searched after every spec: tests/e2e/server-log.check.ts.)
});
