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

test("an officer requests an erasure, an admin approves it, and the certificate downloads", async ({
  page,
  browser,
}) => {
  const officerTotp = async (ahead: number) => totpCode(ahead);
  await signIn(page, "officer@veil.local", E2E_DEMO_PASSWORD, officerTotp);
  // A customer from a later page: the other specs open the first ones.
  const id = await openFirstCustomer(page, "/customers?page=2");
  await page.getByRole("button", { name: "Request erasure" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Case reference").fill("erase-e2e-1");
  await dialog.getByRole("button", { name: "Request erasure" }).click();
  await expect(page.getByText("Erasure requested", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Erasure requested" })).toBeVisible();
  // The requester cannot approve their own request.
  await page.goto("/approvals");
  const mine = page.getByRole("listitem").filter({ hasText: "ERASE-E2E-1" });
  await expect(mine.getByText("Waiting for approval")).toBeVisible();
  await expect(mine.getByRole("button", { name: "Approve" })).toHaveCount(0);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@veil.local", E2E_DEMO_PASSWORD, officerTotp);
  await admin
    .getByRole("link", { name: /Approvals/ })
    .first()
    .click();
  const item = admin.getByRole("listitem").filter({ hasText: "ERASE-E2E-1" });
  await item.getByRole("button", { name: "Approve" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Approve and erase" }).click();
  await expect(admin.getByText("Customer erased", { exact: true })).toBeVisible();
  const downloading = admin.waitForEvent("download");
  await item.getByRole("link", { name: /Download certificate/ }).click();
  const cert = JSON.parse(readFileSync(await (await downloading).path(), "utf8"));
  expect(cert).toMatchObject({
    format: "veil-erasure-certificate/1",
    customerId: id,
    caseRef: "ERASE-E2E-1",
    requestedBy: { name: expect.any(String) },
    approvedBy: { name: expect.any(String) },
  });
  expect(cert.audit.hash).toMatch(/^[0-9a-f]{64}$/);
  await adminContext.close();

  // The record is gone for the officer too.
  const gone = await page.goto(`/customers/${id}`);
  expect(gone?.status()).toBe(404);
});
