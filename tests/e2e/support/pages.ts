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

/** On the admin's Users page: a new account with an initial password, through the form. */
export async function createUserWithPassword(
  admin: Page,
  user: { name: string; email: string; role: string; password: string },
) {
  await admin.getByRole("button", { name: "New user" }).click();
  await admin.getByLabel("Name").fill(user.name);
  await admin.getByLabel("Email").fill(user.email);
  await admin.getByLabel("Role").selectOption(user.role);
  await admin.getByLabel("Set an initial password").check();
  await admin.getByLabel("Initial password", { exact: true }).fill(user.password);
  await admin.getByRole("button", { name: "Create user" }).click();
}
