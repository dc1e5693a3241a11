import { NobleCryptoPlugin, ScureBase32Plugin } from "otplib";
import { generate } from "@otplib/totp";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD, E2E_TOTP_SECRET } from "./server-env";

/**
 * The code for now, or `stepsAhead` periods later. A code works once per user, so a second
 * sign-in in the same 30 s (another spec) uses the next period's code, which the server's ±1
 * step tolerance accepts.
 */
export function totpCode(stepsAhead = 0, secret = E2E_TOTP_SECRET) {
  return generate({
    secret,
    crypto: new NobleCryptoPlugin(),
    base32: new ScureBase32Plugin(),
    epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30,
  });
}

/** Waits for the ALTCHA widget to finish its proof of work. */
export async function solveCaptcha(page: Page) {
  await expect(page.getByText("Verification", { exact: true })).toBeVisible();
  // Verified — or already gone: a solved check submits the sign-in by itself.
  await page
    .waitForFunction(
      () =>
        !location.pathname.startsWith("/login") ||
        (
          document.querySelector("altcha-widget") as unknown as { getState?: () => string } | null
        )?.getState?.() === "verified",
      null,
      { timeout: 45_000 },
    )
    .catch((err: Error) => {
      // Navigating away mid-poll ends the page's context: that is the success case.
      if (new URL(page.url()).pathname.startsWith("/login")) throw err;
    });
}

/**
 * Signs in through the form like a person: password, then the TOTP code if asked, and the
 * proof-of-work check if earlier failures from this address made the server ask for it.
 */
export async function signIn(
  page: Page,
  email: string,
  password = E2E_DEMO_PASSWORD,
  totp?: (stepsAhead: number) => Promise<string> | string,
) {
  let totpTries = 0;
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const button = page.getByRole("button", { name: /^(Sign in|Signing in…)$/ });
  const onLogin = () => new URL(page.url()).pathname.startsWith("/login");
  // Every wait is bounded: a solved captcha submits the form by itself (and may sign in) at any
  // moment, so a click can land on a page that is going away. Such a click is given up, not awaited.
  const submit = async () => {
    if (await page.locator("altcha-widget").count()) {
      await solveCaptcha(page);
      // Filled in, the form submits itself once solved; click only if nothing started.
      const started = await expect(button)
        .toHaveText("Signing in…", { timeout: 3_000 })
        .then(
          () => true,
          () => false,
        );
      if (started || !onLogin()) return;
    }
    await button.click({ timeout: 5_000 }).catch(() => {});
  };
  for (let round = 0; round < 6 && onLogin(); round++) {
    await submit();
    // This submission is over when we left /login or the form is ready again.
    await Promise.race([
      page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 45_000 }),
      expect(button).toHaveText("Sign in", { timeout: 45_000 }),
    ]).catch(() => {});
    await page.waitForTimeout(100);
    if (!onLogin()) return;
    const code = page.getByLabel("Authentication code");
    if (await code.isVisible()) {
      if (!totp) throw new Error("TOTP asked for but no code source given");
      // Now's code, then the next period's; if both were spent by earlier sign-ins (each code
      // works once), wait for the next period, whose "next" code is fresh.
      if (totpTries >= 2) {
        const wait = 30_000 - (Date.now() % 30_000) + 500;
        // Waiting out a TOTP period is the user's real constraint, not slowness: the test gets
        // that time on top of its own budget.
        test.info().setTimeout(test.info().timeout + wait);
        await page.waitForTimeout(wait);
      }
      await code.fill(await totp(Math.min(totpTries++, 1)), { timeout: 5_000 }).catch(() => {});
    }
    const field = page.getByLabel("Password");
    if (onLogin() && (await field.isVisible())) {
      const value = await field.inputValue({ timeout: 2_000 }).catch(() => "x");
      if (value === "") await field.fill(password, { timeout: 5_000 }).catch(() => {});
    }
  }
  await expect(page).not.toHaveURL(/\/login/);
}
