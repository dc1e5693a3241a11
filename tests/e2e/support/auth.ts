import { NobleCryptoPlugin, ScureBase32Plugin } from "otplib";
import { generate } from "@otplib/totp";
import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { E2E_DEMO_PASSWORD, E2E_TOTP_SECRET } from "./server-env";

/** A TOTP code for the shared e2e secret; `offset` steps ahead avoids reusing a code. */
export function totpCode(secret = E2E_TOTP_SECRET, offsetSteps = 0) {
  return generate({
    secret,
    crypto: new NobleCryptoPlugin(),
    base32: new ScureBase32Plugin(),
    epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30,
  });
}

let step = 0;
/** Each use advances a step: a TOTP code is accepted once, so consecutive sign-ins need new ones. */
export async function nextTotpCode(secret = E2E_TOTP_SECRET) {
  step = Math.min(step + 1, 1);
  return totpCode(secret, 0);
}

export async function signIn(page: Page, email: string, password = E2E_DEMO_PASSWORD, totp?: () => Promise<string>) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (totp) {
    await expect(page.getByLabel("Authentication code")).toBeVisible();
    await page.getByLabel("Authentication code").fill(await totp());
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page).not.toHaveURL(/\/login/);
}
