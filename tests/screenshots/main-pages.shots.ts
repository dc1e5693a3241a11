import { test, type Page } from "@playwright/test";
import { signIn, totpCode } from "../e2e/support/auth";

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
  await page
    .locator("main a[href^='/customers/']:not([href='/customers/new']):visible")
    .first()
    .click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  await shoot(page, "customer");
  await page.goto("/approvals");
  await shoot(page, "approvals");
  await page.context().clearCookies();
  await signIn(page, "admin@veil.local", undefined, async (ahead) => totpCode(ahead));
  await page.goto("/admin/users");
  await shoot(page, "admin-users");
  await page.goto("/admin/partners");
  await shoot(page, "admin-partners");
  await page.goto("/admin/audit");
  await shoot(page, "admin-audit");
  await page.goto("/admin/alerts");
  await shoot(page, "admin-alerts");
  await page.goto("/docs/api");
  await shoot(page, "api-docs");
});
