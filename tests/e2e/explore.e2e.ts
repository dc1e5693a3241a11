import { test, expect } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
test("explore", async ({ page }) => {
  page.on("console", (m) => console.log("console:", m.text()));
  await page.goto("/login");
  await page.screenshot({ path: "/tmp/shot-login.png", fullPage: true });
  await signIn(page, "admin@veil.local", undefined, async () => totpCode());
  await page.screenshot({ path: "/tmp/shot-users.png", fullPage: true });
  await page.goto("/account");
  await page.screenshot({ path: "/tmp/shot-account.png", fullPage: true });
});
