// At 390 px the admin lists are stacked cards whose actions are on screen (not scrolled off the
// side of a table), and the audit filters wait behind a "Filters" button so results come first.
import { expect, test, type Locator } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

test.use({ viewport: { width: 390, height: 844 } });

async function fullyOnScreen(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box, "rendered").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
}

test("phone width: list rows are cards with their actions in view, and audit filters fold away", async ({
  page,
}) => {
  await signIn(page, "admin@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));

  await page.goto("/admin/users");
  const officerRow = page.getByRole("row").filter({ hasText: "officer@veil.local" });
  await fullyOnScreen(officerRow.getByRole("button").first());
  // A card, not a table row: its cells stack, so the row is taller than it is wide-spread.
  const cells = officerRow.getByRole("cell");
  const [first, last] = [await cells.first().boundingBox(), await cells.last().boundingBox()];
  expect(last!.y).toBeGreaterThan(first!.y + first!.height - 1);

  await page.goto("/admin/partners");
  const partnerRow = page
    .getByRole("row")
    .filter({ has: page.getByRole("button", { name: /^Share customers/ }) })
    .first();
  if (await partnerRow.count()) await fullyOnScreen(partnerRow.getByRole("button").first());

  await page.goto("/admin/audit");
  const toggle = page.getByRole("button", { name: /^Filters/ });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByLabel("Staff member")).toBeHidden();
  await fullyOnScreen(page.getByRole("button", { name: /^Details of event/ }).first());
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await page.getByLabel("Outcome").selectOption("denied");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/outcome=denied/);
  // The active filter is counted on the folded button.
  await expect(page.getByRole("button", { name: /^Filters 1 active/ })).toBeVisible();

  // Desktop: no button, the filters are simply there.
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(page.getByRole("button", { name: /^Filters/ })).toBeHidden();
  await expect(page.getByLabel("Staff member")).toBeVisible();
});
