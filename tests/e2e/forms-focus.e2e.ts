// Forms say what is wrong, next to the field, from the same rule the server applies; a closed
// dialog gives focus back to what opened it; and a dialog opened after the page refreshed its
// server data is not refused by the CSP. (No four-eyes request is left behind: other specs count
// the approvals waiting.)
import { expect, test } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

test("the reveal dialog explains a bad case reference and returns focus to what opened it", async ({
  page,
}) => {
  await signIn(page, "officer@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  const href = await page
    .locator('main a[href^="/customers/"]:not([href="/customers/new"])')
    .nth(3)
    .getAttribute("href");
  await page.goto(href!);

  const opener = page.getByRole("button", { name: "Reveal IBAN" });
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "Reveal the IBAN" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  await opener.click();
  await dialog.getByLabel("Purpose").selectOption({ index: 1 });
  await dialog.getByLabel("Case reference").fill("John Smith");
  await expect(
    dialog.getByText("Use the case reference: 3–32 letters, digits or dashes."),
  ).toBeVisible();
  await expect(dialog.getByLabel("Case reference")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByRole("button", { name: "Reveal" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(opener).toBeFocused();

  await opener.click();
  await dialog.getByLabel("Purpose").selectOption({ index: 1 });
  await dialog.getByLabel("Case reference").fill("CASE-77");
  await expect(dialog.getByText(/Use the case reference/)).toHaveCount(0);
  await dialog.getByRole("button", { name: "Reveal" }).click();
  const check = dialog.getByLabel("Password or code");
  if (await check.isVisible().catch(() => false)) {
    await check.fill(E2E_DEMO_PASSWORD);
    await dialog.getByRole("button", { name: "Confirm" }).click();
  }
  // The Reveal button gave way to the revealed value's Hide: focus lands there, not on <body>.
  await expect(page.getByRole("button", { name: "Hide" })).toBeFocused();
});

test("a dialog opened after the page refreshed its server data is not refused by the CSP", async ({
  page,
}) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  await signIn(page, "admin@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  await page.goto("/admin/users");
  // Creating a user refreshes the page's server data (a new render, with a new nonce).
  const opener = page.getByRole("button", { name: "New user" });
  await opener.click();
  await page.getByLabel("Name").fill("Nonce Tester");
  await page.getByLabel("Email").fill(`nonce-${Date.now()}@veil.local`);
  await page.getByLabel("Role").selectOption("ANALYST");
  await page.getByLabel("Set an initial password").check();
  await page.getByLabel("Initial password", { exact: true }).fill("a sturdy e2e passphrase");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("User created").first()).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await opener.click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(opener).toBeFocused();
  expect(refused, "nothing refused by the CSP").toEqual([]);
});

test("the alert thresholds form says what is wrong by the field, and saves nothing", async ({
  page,
}) => {
  await signIn(page, "admin@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  await page.goto("/admin/alerts?state=rules");
  const start = page.getByLabel("Working hours start (UTC hour)");
  const end = page.getByLabel("Working hours end (UTC hour)");
  const before = [await start.inputValue(), await end.inputValue()];

  await start.fill("30");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("At most 23.")).toBeVisible();
  await expect(start).toHaveAttribute("aria-invalid", "true");
  await expect(start).toBeFocused();

  await start.fill("20");
  await end.fill("10");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("Working hours must end after they start.")).toBeVisible();
  await expect(end).toBeFocused();
  await expect(page.getByText("At most 23.")).toHaveCount(0);

  // Nothing was saved: a reload shows the values in force before.
  await page.reload();
  expect([await start.inputValue(), await end.inputValue()]).toEqual(before);
});

test("expected steps are not console errors: the two-factor step, and an identity check asked before a reveal, not after a refusal", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} ${m.location().url}`);
  });
  // Each credentials sign-in's answer: its status, and the step or error its body names.
  const answers: Promise<{ status: number; code: string | null }>[] = [];
  page.on("response", (r) => {
    if (!r.url().endsWith("/api/auth/callback/credentials")) return;
    answers.push(
      // A sign-in that succeeded navigates away, and its body with it: nothing to read there.
      r
        .text()
        .catch(() => "")
        .then((body) => ({
          status: r.status(),
          code: /[?&]error=([A-Z_]+)/.exec(body)?.[1] ?? null,
        })),
    );
  });
  await page.clock.install();
  await signIn(page, "officer@veil.local", E2E_DEMO_PASSWORD, (ahead) => totpCode(ahead));
  const signIns = await Promise.all(answers);
  // The code step is answered 200: the form asks for the code, nothing failed.
  const steps = signIns.filter((s) => s.code === "TOTP_REQUIRED");
  expect(steps.length).toBeGreaterThan(0);
  expect(steps.map((s) => s.status)).toEqual(steps.map(() => 200));
  // Only real refusals (a code spent by an earlier spec's sign-in) show as 401s.
  const refused = signIns.filter((s) => s.status === 401).length;
  expect(errors.filter((e) => e.includes("status of 401"))).toHaveLength(refused);
  expect(errors.filter((e) => !e.includes("status of 401"))).toEqual([]);
  errors.length = 0;
  const href = await page
    .locator('main a[href^="/customers/"]:not([href="/customers/new"])')
    .nth(2)
    .getAttribute("href");
  await page.goto(href!);
  // Six minutes on in the browser: the sign-in's identity check is too old for a reveal.
  await page.clock.fastForward("06:00");
  const reveals: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/reveal") reveals.push(r.method());
  });
  await page.getByRole("button", { name: "Reveal Email" }).click();
  const dialog = page.getByRole("dialog", { name: "Reveal the email" });
  await dialog.getByLabel("Purpose").selectOption({ index: 1 });
  await dialog.getByLabel("Case reference").fill("CASE-78");
  await dialog.getByRole("button", { name: "Reveal" }).click();
  await expect(dialog.getByLabel("Password or code")).toBeVisible();
  expect(reveals, "the check is asked for before any reveal request").toEqual([]);
  await dialog.getByLabel("Password or code").fill(E2E_DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("button", { name: "Hide" })).toBeVisible();
  expect(reveals).toEqual(["POST"]);
  expect(errors, "no console error on the way").toEqual([]);
});
