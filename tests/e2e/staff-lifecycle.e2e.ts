import { expect, test } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { createUserWithPassword } from "./support/pages";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

test("admin signs in with TOTP, creates an agent, and disabling the agent ends the agent's session", async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@veil.local", E2E_DEMO_PASSWORD, async (ahead) => totpCode(ahead));
  await expect(admin).toHaveURL(/\/admin\/users/);
  await expect(admin.getByRole("heading", { name: "Users" })).toBeVisible();

  const email = `e2e-agent-${Date.now()}@veil.local`;
  const agentPassword = "a sturdy e2e passphrase";
  await createUserWithPassword(admin, {
    name: "Eve Agent",
    email,
    role: "AGENT",
    password: agentPassword,
  });
  // Admin changes need a fresh re-authentication; signing in with two-factor a moment ago is one,
  // so nothing asks again.
  await expect(admin.getByText("User created").first()).toBeVisible();
  await expect(admin.getByLabel("Password or code")).toHaveCount(0);
  await expect(admin.getByRole("cell", { name: `Eve Agent ${email}` })).toBeVisible();

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, email, agentPassword);
  await expect(agent).toHaveURL(/\/customers/);
  await expect(agent.getByRole("heading", { name: "Customers" })).toBeVisible();

  await admin.getByRole("button", { name: `Manage ${email}` }).click();
  await admin.getByRole("menuitem", { name: "Disable" }).click();
  // Consequential: confirmed first.
  await expect(admin.getByRole("dialog", { name: `Disable ${email}?` })).toBeVisible();
  await admin.getByRole("button", { name: "Disable user" }).click();
  await expect(admin.getByText("User disabled; their sessions have ended.").first()).toBeVisible();

  await agent.reload();
  await expect(agent).toHaveURL(/\/login/);
  await adminContext.close();
  await agentContext.close();
});

test("wrong email and wrong password get the same status and body over HTTP", async ({
  request,
}) => {
  async function attempt(email: string, password: string) {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password, json: "true" },
      headers: { origin: new URL(test.info().project.use.baseURL!).origin },
    });
    return { status: res.status(), body: await res.text() };
  }
  const wrongEmail = await attempt("nobody-here@veil.local", "whatever-password");
  const wrongPassword = await attempt("analyst@veil.local", "whatever-password");
  expect(wrongEmail.status).toBe(wrongPassword.status);
  expect(wrongEmail.body).toBe(wrongPassword.body);
  expect(wrongEmail.body).not.toContain("analyst");
});

test("cross-origin POSTs to sign-in and to an admin action are refused", async ({ request }) => {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const login = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: "admin@veil.local", password: E2E_DEMO_PASSWORD, json: "true" },
    headers: { origin: "https://evil.example" },
  });
  expect(login.status()).toBe(403);
  const action = await request.post("/admin/users", {
    data: "[]",
    headers: {
      origin: "https://evil.example",
      "next-action": "0".repeat(40),
      "content-type": "text/plain;charset=UTF-8",
    },
  });
  expect(action.status()).toBe(403);
});

test("an anonymous visitor of a portal page is sent to /login", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
});

test("a forged session cookie is ignored", async ({ request }) => {
  for (const forged of [
    "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged",
    "x".repeat(9000),
    "eyJhbGciOiJub25lIn0.eyJ1aWQiOiJ4Iiwic3YiOjF9.",
  ]) {
    const res = await request.get("/account", {
      headers: { cookie: `__Host-veil.session=${forged}` },
      maxRedirects: 0,
    });
    expect(res.status()).toBeGreaterThanOrEqual(300);
    expect(res.status()).toBeLessThan(400);
    expect(res.headers()["location"]).toMatch(/\/login/);
  }
});

test("a session cookie copied before sign-out does not work after it (server-side sign-out)", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "agent@veil.local", E2E_DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/customers/);
  const copied = (await context.cookies()).find((c) => c.name.endsWith("veil.session"));
  expect(copied).toBeDefined();

  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // The attacker's browser replays the copied cookie.
  const thief = await browser.newContext();
  await thief.addCookies([copied!]);
  const replay = await thief.newPage();
  await replay.goto("/customers");
  await expect(replay).toHaveURL(/\/login/);
  await thief.close();
  await context.close();
});
