import type { Page } from "@playwright/test";

/** Opens the first customer of a list page (as a user clicks it) and returns its id. */
export async function openFirstCustomer(page: Page, list = "/customers"): Promise<string> {
  await page.goto(list);
  await page
    .locator("main a[href^='/customers/']:not([href='/customers/new']):visible")
    .first()
    .click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split("/").at(-1)!;
}
