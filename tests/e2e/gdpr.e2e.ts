import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { openFirstCustomer } from "./support/pages";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

test("an officer exports a customer's personal data for a subject access request", async ({
  page,
}) => {
  await signIn(page, "officer@veil.local", E2E_DEMO_PASSWORD, async (ahead) => totpCode(ahead));
  const id = await openFirstCustomer(page);
  await page.getByRole("button", { name: "Export personal data" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Export" })).toBeDisabled();
  await dialog.getByLabel("Case reference").fill("dsar-77");
  const downloading = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Export" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`subject-access-${id}.json`);
  const data = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(data.format).toBe("veil-subject-access/1");
  expect(data.caseRef).toBe("DSAR-77");
  expect(data.customer.id).toBe(id);
  expect(data.customer.data.email.value).toMatch(/@/);
  expect(data.accessHistory.some((h: { action: string }) => h.action === "gdpr.export")).toBe(true);
  await expect(page.getByText("Export downloaded", { exact: true })).toBeVisible();
});

test("an agent is offered no export, and the API refuses one", async ({ page }) => {
  await signIn(page, "agent@veil.local");
  const id = await openFirstCustomer(page);
  await expect(page.getByRole("button", { name: "Export personal data" })).toHaveCount(0);
  const res = await page.request.post("/api/gdpr/export", {
    data: { customerId: id, caseRef: "DSAR-1" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(res.status()).toBe(403);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
});
