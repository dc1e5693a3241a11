// Every signed-in route, opened by every role: the pages a role may use answer 200, the others a
// real 404 inside the portal's shell (one <main>, a way back), never a crash page; nothing is
// logged to the browser console but the 404 itself, and the server notes each refusal at info,
// never as an error.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { openFirstCustomer } from "./support/pages";

const ROUTES = [
  "/customers",
  "@customer",
  "@customer/edit",
  "/customers/new",
  "/approvals",
  "/mirror",
  "/account",
  "/admin/users",
  "/admin/sign-in",
  "/admin/partners",
  "/admin/audit",
  "/admin/alerts",
] as const;
type Route = (typeof ROUTES)[number];

// What each role may open, as the product describes the roles (README, "who sees what").
const OPEN: Record<string, { totp: boolean; routes: Route[] }> = {
  "admin@veil.local": { totp: true, routes: [...ROUTES] },
  "officer@veil.local": {
    totp: true,
    routes: [
      "/customers",
      "@customer",
      "@customer/edit",
      "/customers/new",
      "/approvals",
      "/mirror",
      "/account",
      "/admin/audit",
    ],
  },
  "agent@veil.local": {
    totp: false,
    routes: ["/customers", "@customer", "@customer/edit", "/customers/new", "/mirror", "/account"],
  },
  "analyst@veil.local": { totp: false, routes: ["/customers", "@customer", "/mirror", "/account"] },
};

const serverLog = () => readFileSync("test-results/e2e-server.log", "utf8");

for (const [email, role] of Object.entries(OPEN)) {
  test(`${email}: every route answers 200 or a 404 in the shell, with no console error`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, email, undefined, role.totp ? async (ahead) => totpCode(ahead) : undefined);
    const customerId = await openFirstCustomer(page);
    const logBefore = serverLog().length;
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));

    for (const route of ROUTES) {
      const path = route.replace("@customer", `/customers/${customerId}`);
      const res = await page.goto(path);
      const allowed = role.routes.includes(route);
      expect(res?.status(), `${email} ${route}`).toBe(allowed ? 200 : 404);
      await expect(page.locator("main")).toHaveCount(1);
      await expect(page.getByRole("navigation").first()).toBeVisible(); // inside the shell
      if (allowed) await expect(page.locator("main h1").first()).toBeVisible();
      else {
        await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
        await expect(page.getByRole("link", { name: "Back to customers" })).toBeVisible();
      }
    }
    // The browser reports a document that answered 404 as a failed load: that is the status
    // asserted above, not an error of the page.
    const unexpected = consoleErrors.filter(
      (e) => !/Failed to load resource: the server responded with a status of 404/.test(e),
    );
    expect(unexpected).toEqual([]);

    const lines = serverLog()
      .slice(logBefore)
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { level: number; msg: string; page?: string });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    const refusals = lines.filter((l) => l.msg === "page not open to this role");
    expect(refusals.every((l) => l.level === 30)).toBe(true);
    expect(refusals.length).toBe(ROUTES.length - role.routes.length);
  });
}
