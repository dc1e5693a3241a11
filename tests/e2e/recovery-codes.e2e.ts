// Fresh recovery codes can be kept the three ways people keep them: copied (to a password
// manager), downloaded as a text file, or printed (the print shows the codes alone).
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

test("new recovery codes can be copied, downloaded and printed", async ({ browser }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await signIn(page, "officer2@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  await page.goto("/account");
  await page.getByRole("button", { name: "New recovery codes" }).click();
  const check = page.getByLabel(/Authenticator or recovery code|Password or code/);
  if (await check.isVisible({ timeout: 2_000 }).catch(() => false)) {
    await check.fill(await totpCode(1));
    await page.getByRole("button", { name: "Confirm" }).click();
  }
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list).toBeVisible();
  const codes = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(codes.length).toBeGreaterThanOrEqual(8);

  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText("Recovery codes copied").first()).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  for (const c of codes) expect(copied).toContain(c);

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe("veil-recovery-codes.txt");
  const text = readFileSync(await file.path(), "utf8");
  for (const c of codes) expect(text).toContain(c);

  // Print: the page as printed shows the codes and hides everything else.
  await page.evaluate(() => (window.print = () => {})); // no dialog in a test browser
  await page.getByRole("button", { name: "Print" }).click();
  await page.emulateMedia({ media: "print" });
  const visibility = (el: Element) => getComputedStyle(el).visibility;
  expect(
    await page.locator('ul[aria-label="Recovery codes"] li').first().evaluate(visibility),
  ).toBe("visible");
  expect(await page.locator("nav").first().evaluate(visibility)).toBe("hidden");
  expect(await page.locator("main h1").first().evaluate(visibility)).toBe("hidden");
  await context.close();
});
