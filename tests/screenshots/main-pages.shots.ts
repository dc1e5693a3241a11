import { test, type Page } from "@playwright/test";
import { signIn, totpCode } from "../e2e/support/auth";
import { openFirstCustomer } from "../e2e/support/pages";
import { withAuthenticator } from "../e2e/support/webauthn";

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

async function shoot(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.reload();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `docs/screenshots/${name}-${size.name}.png` });
  }
}

test("main pages", async ({ page }) => {
  await page.goto("/login");
  await shoot(page, "login");
  await signIn(page, "officer@veil.local", undefined, async (ahead) => totpCode(ahead));
  await page.goto("/customers");
  await shoot(page, "customers");
  await openFirstCustomer(page);
  await shoot(page, "customer");
  await page.goto("/approvals");
  await shoot(page, "approvals");
  // The account page with a passkey added (Chromium's virtual authenticator; the two-factor
  // sign-in a moment ago is the step-up adding one needs).
  await withAuthenticator(page);
  await page.goto("/account");
  await page.getByLabel("Passkey name").fill("Work laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await page.getByRole("list", { name: "Your passkeys" }).waitFor();
  await shoot(page, "account");
  await page.context().clearCookies();
  await signIn(page, "admin@veil.local", undefined, async (ahead) => totpCode(ahead));
  await page.goto("/admin/users");
  await shoot(page, "admin-users");
  await page.goto("/admin/sign-in");
  await shoot(page, "admin-sign-in");
  await page.goto("/admin/partners");
  // Two partners, made as an admin would: one with every customer shared, one with none yet.
  for (const [name, share] of [
    ["Acme KYC Ltd", true],
    ["Northwind Payments", false],
  ] as const) {
    await page.getByRole("button", { name: "New partner" }).click();
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create partner" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    if (!share) continue;
    await page.getByRole("button", { name: `Share customers: ${name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Share", exact: true }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
  }
  await shoot(page, "admin-partners");
  await page.goto("/admin/audit");
  await shoot(page, "admin-audit");
  await page.goto("/admin/alerts");
  await shoot(page, "admin-alerts");
  await page.goto("/docs/api");
  await shoot(page, "api-docs");
  // The Data Mirror with a file previewed (the preview lives in the page, so no reload).
  const sample = [
    "customer,card,iban,email,notes,city",
    'Ann Smith,4111111111111111,GB82WEST12345698765432,ann@example.com,"paid by 4111 1111 1111 1111",London',
    "Bob Jones,5500000000000004,DE89370400440532013000,bob@example.org,called twice,Leeds",
    "Cleo Park,4012888888881881,FR1420041010050500013M02606,cleo@example.net,fine,Oslo",
  ].join("\n");
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto("/mirror");
    await page
      .getByLabel("Select a file")
      .setInputFiles({ name: "extract.csv", mimeType: "text/csv", buffer: Buffer.from(sample) });
    await page.getByRole("heading", { name: "2. Check the rules" }).waitFor();
    await page.screenshot({ path: `docs/screenshots/mirror-${size.name}.png`, fullPage: true });
  }
});
