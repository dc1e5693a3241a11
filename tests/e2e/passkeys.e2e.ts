// Passkeys end to end in Chromium, with its virtual authenticator (DevTools protocol
// `WebAuthn.addVirtualAuthenticator`: a platform authenticator that verifies the user): a new
// officer adds one at enrolment, signs in with it, steps up with it before a reveal; an admin
// requires passkeys for administrators and officers (an officer with only TOTP is then sent to
// add one), and revokes the officer's passkey.
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { seriousAxe } from "./support/axe";
import { createUserWithPassword } from "./support/pages";
import { withAuthenticator } from "./support/webauthn";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

const STEP_UP_COOKIE = "__Host-veil.stepup";

/**
 * Waits for `done`; if the identity check asks for a passkey first (once its options loaded),
 * answers it with the page's authenticator.
 */
async function passkeyIfAsked(page: Page, done: Locator) {
  const asked = page.getByRole("button", { name: "Use your passkey" });
  await expect(asked.or(done).first()).toBeVisible({ timeout: 15_000 });
  if (await asked.isVisible()) await asked.click();
  await expect(done).toBeVisible();
}

async function adminPage(browser: Browser) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "admin@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  return page;
}

/** An admin creates an officer with an initial password (who must then enrol a second factor). */
async function newOfficer(admin: Page) {
  const email = `e2e-passkey-${Date.now()}@veil.local`;
  const password = "a passkey officer's passphrase";
  await admin.goto("/admin/users");
  await createUserWithPassword(admin, { name: "Paula Passkey", email, role: "OFFICER", password });
  await expect(admin.getByText("User created").first()).toBeVisible();
  return { email, password };
}

/** Adds a passkey on the page's form; `done` is what shows it worked (by default, the toast). */
async function addPasskey(
  page: Page,
  name: string,
  confirm: () => Promise<void>,
  done: Locator = page.getByText("Passkey added").first(),
) {
  await page.getByLabel("Passkey name").fill(name);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await confirm();
  await expect(done).toBeVisible();
}

/** The step-up dialog, answered with the password (nothing stronger exists yet). */
const confirmWithPassword = (page: Page, password: string) => async () => {
  await page.getByLabel("Password or code").fill(password);
  await page.getByRole("button", { name: "Confirm" }).click();
};

test("an officer adds a passkey at enrolment, signs in and steps up with it; an admin revokes it", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const admin = await adminPage(browser);
  const officer = await newOfficer(admin);

  // First sign-in: the password, then enrolment, where a passkey is offered first.
  const page = await (await browser.newContext()).newPage();
  const authenticator = await withAuthenticator(page);
  await signIn(page, officer.email, officer.password);
  await expect(page).toHaveURL(/\/account\/two-factor/);
  // Enrolment done, the officer moves on to their landing page.
  await addPasskey(
    page,
    "Work laptop",
    confirmWithPassword(page, officer.password),
    page.getByRole("heading", { name: "Customers" }),
  );
  await expect(page).toHaveURL(/\/customers/);
  const [credential] = await authenticator.credentials();
  expect(credential).toMatchObject({ isResidentCredential: true, signCount: expect.any(Number) });

  // Signing in again: the password, then the passkey (no code to type).
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill(officer.email);
  await page.getByLabel("Password").fill(officer.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Use your passkey to finish signing in.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Use your passkey" })).toBeFocused();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toHaveCount(0);
  expect(await seriousAxe(page)).toEqual([]);
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page).toHaveURL(/\/customers/);

  // A reveal after the sign-in's step-up lapsed: the identity check offers the passkey.
  await page.context().clearCookies({ name: STEP_UP_COOKIE });
  await page.locator('a[href^="/customers/"]:not([href="/customers/new"])').first().click();
  await page.getByRole("button", { name: "Reveal IBAN" }).click();
  const dialog = page.getByRole("dialog", { name: "Reveal the IBAN" });
  await dialog.getByLabel("Purpose").selectOption("fraud_investigation");
  await dialog.getByLabel("Case reference").fill("CB-PASSKEY");
  await dialog.getByRole("button", { name: "Reveal" }).click();
  await expect(dialog.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Use your passkey" })).toBeVisible();
  expect(await seriousAxe(page)).toEqual([]);
  await dialog.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page.getByRole("button", { name: "Hide" })).toBeVisible();
  const [used] = await authenticator.credentials();
  expect(used!.signCount).toBeGreaterThan(credential!.signCount);

  // The account page lists it, with when it was last used.
  await page.goto("/account");
  await expect(page.getByRole("list", { name: "Your passkeys" })).toContainText("Work laptop");
  await expect(page.getByRole("list", { name: "Your passkeys" })).toContainText("last used");

  // The admin revokes it: the officer's session ends, and the passkey no longer signs in.
  await admin.goto(`/admin/users?q=${encodeURIComponent(officer.email)}`);
  await admin.getByRole("button", { name: `Manage ${officer.email}` }).click();
  await admin.getByRole("menuitem", { name: "Passkeys (1)…" }).click();
  const list = admin.getByRole("dialog", { name: `Passkeys of ${officer.email}` });
  await expect(list).toContainText("Work laptop");
  expect(await seriousAxe(admin)).toEqual([]);
  await list.getByRole("button", { name: "Revoke passkey Work laptop" }).click();
  await expect(admin.getByText(/Passkey “Work laptop” revoked/).first()).toBeVisible();
  await expect(list.getByText("No passkeys registered.")).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await admin.context().close();
  await page.context().close();
});

test("an admin requires passkeys: an officer with only TOTP is sent to add one; off again", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const admin = await adminPage(browser);
  const adminKey = await withAuthenticator(admin);
  try {
    // Refused while the admin has none (it would lock them out); allowed once they add one.
    await admin.goto("/admin/sign-in");
    await admin.getByLabel(/Require a passkey for/).check();
    await admin.getByRole("button", { name: "Save passkey policy" }).click();
    await expect(admin.getByText(/Add a passkey to your own account/)).toBeVisible();

    await admin.goto("/account");
    // The admin has TOTP: adding a passkey is confirmed with a code (their sign-in's counts).
    await addPasskey(admin, "Admin key", async () => {});
    expect(await adminKey.credentials()).toHaveLength(1);
    await admin.goto("/admin/sign-in");
    await admin.getByLabel(/Require a passkey for/).check();
    await admin.getByRole("button", { name: "Save passkey policy" }).click();
    await expect(admin.getByText("Passkey policy saved").first()).toBeVisible();
    await expect(admin.getByText("Required", { exact: true })).toBeVisible();

    // The demo officer has TOTP only: their code still signs in, then they must add a passkey.
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, "officer@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
    await expect(officer).toHaveURL(/\/account\/two-factor/);
    // (During the redirect the outgoing page may still hold a hidden copy: the visible one.)
    await expect(
      officer.getByText("Your role requires a passkey.").filter({ visible: true }),
    ).toBeVisible();
    await expect(officer.getByRole("heading", { name: "Authenticator app" })).toHaveCount(0);
    await officer.goto("/customers");
    await expect(officer).toHaveURL(/\/account\/two-factor/);
    await officer.context().close();
  } finally {
    // Off again, and the admin's passkey removed, whatever happened above: the other specs
    // sign the demo admin and officer in with TOTP codes.
    await admin.goto("/admin/sign-in");
    const box = admin.getByLabel(/Require a passkey for/);
    if (await box.isChecked()) {
      await box.uncheck();
      await admin.getByRole("button", { name: "Save passkey policy" }).click();
      await passkeyIfAsked(admin, admin.getByText("Passkey policy saved").first());
    }
    await admin.goto("/account");
    const remove = admin.getByRole("button", { name: "Remove passkey Admin key" });
    if (await remove.count()) {
      await remove.click();
      await admin.getByRole("button", { name: "Remove", exact: true }).click();
      await passkeyIfAsked(admin, admin.getByText("No passkeys yet."));
    }
    await admin.context().close();
  }
});
