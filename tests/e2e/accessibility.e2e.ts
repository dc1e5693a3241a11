// Every page each role can reach, scanned with axe at desktop and phone width: no serious or
// critical violations, nothing wider than a 390 px screen (WCAG 1.4.10 reflow), and nothing the
// strict CSP refuses.
import { expect, test, type Page } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { seriousAxe } from "./support/axe";
import { openFirstCustomer } from "./support/pages";

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];

const scan = (page: Page, label: string) => seriousAxe(page, label);

/** How far the page is wider than the screen, and the widest offending elements (to fix them). */
async function overflow(page: Page) {
  const { excess, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement)
        if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
    return { excess: document.documentElement.scrollWidth - width, culprits };
  });
  if (excess > 0) {
    console.log("overflow", page.url(), excess, culprits);
    await page.screenshot({
      path: `test-results/overflow-${new URL(page.url()).pathname.replace(/\W+/g, "-")}.png`,
      fullPage: true,
    });
  }
  return excess;
}

const ROLES: { email: string; totp: boolean; paths: string[] }[] = [
  {
    email: "admin@veil.local",
    totp: true,
    paths: [
      "/admin/users",
      "/admin/sign-in",
      "/admin/partners",
      "/admin/audit",
      "/admin/alerts",
      "/approvals",
      "/customers",
      "@customer",
      "/account",
    ],
  },
  {
    email: "officer@veil.local",
    totp: true,
    paths: [
      "/customers",
      "@customer",
      "@customer/edit",
      "/customers/new",
      "/approvals",
      "/admin/audit",
      "/account",
    ],
  },
  {
    email: "agent@veil.local",
    totp: false,
    paths: ["/customers", "@customer", "@customer/edit", "/customers/new", "/mirror", "/account"],
  },
  { email: "analyst@veil.local", totp: false, paths: ["/customers", "/mirror", "/account"] },
];

test("public pages: axe clean and reflow at 390 px", async ({ page }) => {
  const findings: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const path of ["/", "/login", "/docs/api", "/privacy"]) {
      await page.goto(path);
      findings.push(...(await scan(page, `${path}@${size.width}`)));
      expect(await overflow(page), `${path} at ${size.width}px`).toBeLessThanOrEqual(0);
    }
  }
  expect(findings).toEqual([]);
});

for (const role of ROLES) {
  test(`${role.email}: every page axe clean and reflowing at 390 px`, async ({ page }) => {
    test.setTimeout(180_000); // up to 7 pages × 2 widths, each scanned by axe
    const refused: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await signIn(
      page,
      role.email,
      undefined,
      role.totp ? async (ahead) => totpCode(ahead) : undefined,
    );
    const findings: string[] = [];
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      for (const path of role.paths) {
        if (path.startsWith("@customer")) {
          const id = await openFirstCustomer(page);
          if (path.endsWith("/edit")) await page.goto(`/customers/${id}/edit`);
        } else await page.goto(path);
        await expect(page.locator("main h1").first()).toBeVisible();
        const label = `${role.email} ${path}@${size.width}`;
        findings.push(...(await scan(page, label)));
        expect(await overflow(page), label).toBeLessThanOrEqual(0);
      }
    }
    expect(findings).toEqual([]);
    expect(refused, "nothing refused by the CSP").toEqual([]);
  });
}

test("an unknown customer id answers 404 inside the portal, with one main and a way back", async ({
  page,
}) => {
  await signIn(page, "agent@veil.local");
  for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
    const res = await page.goto(`/customers/${id}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    expect(await page.locator("main").count()).toBe(1);
    await expect(page.getByRole("link", { name: "Back to customers" })).toHaveAttribute(
      "href",
      "/customers",
    );
    expect(await scan(page, `404 ${id}`)).toEqual([]);
  }
});

test("admin dialogs: axe clean, and their primary button reachable on a phone", async ({
  page,
}) => {
  await signIn(page, "admin@veil.local", undefined, async (ahead) => totpCode(ahead));
  const dialogs: [string, string, string][] = [
    ["/admin/users", "New user", "Create user"],
    ["/admin/partners", "New partner", "Create partner"],
  ];
  const findings: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const [path, opener, primary] of dialogs) {
      await page.goto(path);
      await page.getByRole("button", { name: opener }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog).toBeVisible();
      findings.push(...(await scan(page, `${opener}@${size.width}`)));
      const button = dialog.getByRole("button", { name: primary });
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      expect(box, primary).not.toBeNull();
      expect(box!.x + box!.width, `${primary} at ${size.width}px`).toBeLessThanOrEqual(size.width);
      expect(box!.y + box!.height, `${primary} at ${size.width}px`).toBeLessThanOrEqual(
        size.height,
      );
      await page.keyboard.press("Escape");
    }
  }
  expect(findings).toEqual([]);
});
