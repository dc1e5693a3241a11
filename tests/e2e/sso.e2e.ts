// Single sign-on end to end in Chromium, against a real OpenID Connect provider (oidc-provider,
// tests/support/test-idp.ts): the provider's login page, the role from its groups at each
// sign-in, a person in no mapped group refused with a clear page, and forged or replayed ID
// tokens refused without a session.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { misbehaveOnce, setIdpGroups, type Misbehaviour } from "../support/test-idp";
import { signIn, totpCode } from "./support/auth";
import { E2E_DEMO_PASSWORD, E2E_IDP_ISSUER, E2E_IDP_NAME } from "./support/server-env";

/** Signs in through the identity provider as `account`, in a fresh browser (no IdP session). */
async function ssoSignIn(browser: Browser, account: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${E2E_IDP_NAME}` }).click();
  await page.waitForURL((u) => u.href.startsWith(E2E_IDP_ISSUER));
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill("any password: the test IdP's own check");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.waitForURL((u) => !u.href.startsWith(E2E_IDP_ISSUER));
  return page;
}

async function signedOut(page: Page) {
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/login/);
}

test("staff sign in through the identity provider, their role follows its groups, and a leaver is refused", async ({
  browser,
}) => {
  await setIdpGroups(E2E_IDP_ISSUER, "sso-agent", ["veil-agents"]);
  const agent = await ssoSignIn(browser, "sso-agent");
  await expect(agent).toHaveURL(/\/customers/);
  await expect(agent.getByText("Agent · sso.agent@idp.test")).toBeVisible();

  // Promoted at the provider: the next sign-in is an officer's (who must enrol a second factor
  // in Veil for step-ups), and the agent's session ended with the old role.
  await setIdpGroups(E2E_IDP_ISSUER, "sso-agent", ["staff", "veil-officers"]);
  const officer = await ssoSignIn(browser, "sso-agent");
  await expect(officer).toHaveURL(/\/account\/two-factor/);
  await expect(officer.getByText("Officer · sso.agent@idp.test")).toBeVisible();
  await signedOut(agent);

  // Removed from every mapped group: refused with a page that says why, and no way in.
  await setIdpGroups(E2E_IDP_ISSUER, "sso-agent", ["staff"]);
  const leaver = await ssoSignIn(browser, "sso-agent");
  await expect(leaver).toHaveURL(/\/login\?error=SSO_NO_ROLE/);
  await expect(leaver.getByText("not in a group that may use Veil")).toBeVisible();
  await signedOut(leaver);
  await signedOut(officer);

  const outsider = await ssoSignIn(browser, "sso-outsider");
  await expect(outsider.getByText("not in a group that may use Veil")).toBeVisible();
  await signedOut(outsider);
});

test("the identity provider ends the session: Veil's session ends with it (back-channel logout)", async ({
  browser,
}) => {
  await setIdpGroups(E2E_IDP_ISSUER, "sso-agent", ["veil-agents"]);
  const page = await ssoSignIn(browser, "sso-agent");
  await expect(page).toHaveURL(/\/customers/);
  // Signing out at the provider (its own end-session page): it posts a logout token to Veil.
  await page.goto(`${E2E_IDP_ISSUER}/session/end`);
  await page.getByRole("button", { name: /Yes, sign me out/i }).click();
  await expect(async () => {
    await page.goto("/customers");
    await expect(page).toHaveURL(/\/login/, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
});

for (const mode of ["wrong-issuer", "wrong-audience", "bad-signature", "replay"] as const) {
  test(`an ID token with a ${mode} is refused and signs nobody in`, async ({ browser }) => {
    // A genuine sign-in first (and the token a replay sends again).
    const genuine = await ssoSignIn(browser, "sso-admin");
    await expect(genuine).not.toHaveURL(/\/login/);

    await misbehaveOnce(E2E_IDP_ISSUER, mode satisfies Misbehaviour);
    const forged = await ssoSignIn(browser, "sso-admin");
    await expect(forged).toHaveURL(/\/login\?.*\berror=OAuthCallback/);
    await expect(forged.getByText("Single sign-on did not complete")).toBeVisible();
    await signedOut(forged);
  });
}

test("an admin requires single sign-on for a role: its password sessions end and its passwords stop working", async ({
  browser,
  page,
}) => {
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, "analyst@veil.local");
  await expect(analyst).toHaveURL(/\/customers/);

  await signIn(page, "admin@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  await page.goto("/admin/sign-in");
  await expect(page.getByText("Reachable")).toBeVisible();
  await expect(page.getByRole("cell", { name: "veil-officers" })).toBeVisible();
  const analysts = page.getByRole("checkbox", { name: "Analyst" });
  try {
    await analysts.check();
    await page.getByRole("button", { name: "Save sign-in policy" }).click();
    await expect(
      page.getByText(`Analyst now sign in with ${E2E_IDP_NAME} only.`).first(),
    ).toBeVisible();

    await signedOut(analyst); // the open password session ended with the change
    await analyst.getByLabel("Email").fill("analyst@veil.local");
    await analyst.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
    await analyst.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(analyst.getByText("Your role signs in through single sign-on only")).toBeVisible();
    await expect(analyst).toHaveURL(/\/login/);
  } finally {
    await page.goto("/admin/sign-in");
    if (await analysts.isChecked()) {
      await analysts.uncheck();
      await page.getByRole("button", { name: "Save sign-in policy" }).click();
      await expect(
        page.getByText("Every role may sign in with a password again.").first(),
      ).toBeVisible();
    }
  }
});

test("an admin makes a SCIM token (shown once) that the provider provisions with, then revokes it", async ({
  page,
  request,
}) => {
  await signIn(page, "admin@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  await page.goto("/admin/sign-in");
  await page.getByRole("button", { name: "New SCIM token" }).click();
  await page.getByRole("dialog").getByLabel("Identity provider").fill("Test IdP");
  await page.getByRole("button", { name: "Make token" }).click();
  const token = await page.getByLabel("SCIM bearer token (shown once)").inputValue();
  expect(token).toMatch(/^vscim_/);
  await page.getByRole("button", { name: "Done" }).click();

  const email = `scim-${Date.now()}@idp.test`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
  const created = await request.post("/scim/v2/Users", {
    headers,
    data: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: email,
      active: true,
    },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await expect(page.getByRole("row").filter({ hasText: email })).toBeVisible();

  await page.goto("/admin/sign-in");
  await page.getByRole("button", { name: "Revoke SCIM token: Test IdP" }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("Token revoked.").first()).toBeVisible();
  expect((await request.get("/scim/v2/Users", { headers })).status()).toBe(401);
});
