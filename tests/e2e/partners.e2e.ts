import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn, totpCode } from "./support/auth";
import { E2E_DEMO_PASSWORD } from "./support/server-env";

async function tokenFor(request: APIRequestContext, clientId: string, clientSecret: string) {
  return request.post("/api/v1/oauth/token", {
    form: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret },
  });
}

test("an admin creates a partner, its one-time credentials work, a leak rotation ends the old secret, and disabling ends its tokens", async ({
  page,
  request,
}) => {
  await signIn(page, "admin@veil.local", E2E_DEMO_PASSWORD, async (ahead) => totpCode(ahead));
  await page.getByRole("link", { name: "Partners" }).click();
  await expect(page.getByRole("heading", { name: "Partners" })).toBeVisible();

  const name = `E2E Processor ${Date.now()}`;
  await page.getByRole("button", { name: "New partner" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Requests / hour").fill("500");
  await page.getByRole("button", { name: "Create partner" }).click();
  // No second identity check: the two-factor sign-in a moment ago counts as one.
  await expect(page.getByRole("heading", { name: "Partner created" })).toBeVisible();
  const clientId = await page.getByLabel("Client id").inputValue();
  const secret = await page.getByLabel("Client secret (shown once)").inputValue();
  expect(secret).toMatch(/^vps_/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("cell", { name: `${name} ${clientId}` })).toBeVisible();
  await expect(page.getByText("60/min · 500/h · 10,000/day")).toBeVisible();

  const first = await tokenFor(request, clientId, secret);
  expect(first.status()).toBe(200);
  const { access_token } = await first.json();
  const list = await request.get("/api/v1/customers", {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(list.status()).toBe(200);
  expect((await list.json()).data).toEqual([]); // nothing shared with it yet
  const row = page.getByRole("row").filter({ hasText: clientId });
  await expect(row.getByText("Sees none")).toBeVisible();

  // Onboarding without the CLI: share from the screen, checked by the server's own rules.
  await page.getByRole("button", { name: `Share customers: ${name}` }).click();
  const share = page.getByRole("dialog");
  await share.getByLabel("Chosen customers, by id").check();
  await share.getByLabel("Customer ids").fill("not-an-id");
  await share.getByRole("button", { name: "Share", exact: true }).click();
  await expect(share.getByLabel("Customer ids")).toHaveAccessibleDescription(
    /Use customer ids as shown/,
  );
  await share.getByLabel("Every customer there is now").check();
  await share.getByRole("button", { name: "Share", exact: true }).click();
  await expect(page.getByText(/it now sees [\d,]+ customers/).first()).toBeVisible();
  await expect(row.getByText("Sees none")).toHaveCount(0);
  const sharedCount = Number((await row.getByText(/ shared$/).innerText()).replace(/\D/g, ""));
  expect(sharedCount).toBeGreaterThan(0);
  const sharedList = await request.get("/api/v1/customers?limit=5", {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect((await sharedList.json()).data).toHaveLength(Math.min(5, sharedCount));

  await page.getByRole("button", { name: `Rotate secret: ${name}` }).click();
  await page.getByLabel("The old secret").selectOption("0");
  await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await page.getByLabel("Client secret (shown once)").inputValue();
  await page.getByRole("button", { name: "Done" }).click();
  expect((await tokenFor(request, clientId, secret)).status()).toBe(401);
  expect(
    (
      await request.get("/api/v1/customers", {
        headers: { authorization: `Bearer ${access_token}` },
      })
    ).status(),
  ).toBe(401);
  const fresh = await (await tokenFor(request, clientId, rotated)).json();

  await page.getByRole("button", { name: `Disable: ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable partner" }).click();
  await expect(page.getByText("Disabled: its tokens stop working now.").first()).toBeVisible();
  expect(
    (
      await request.get("/api/v1/customers", {
        headers: { authorization: `Bearer ${fresh.access_token}` },
      })
    ).status(),
  ).toBe(401);
});

test("the API reference renders under the strict CSP with nothing refused, at desktop and phone width", async ({
  page,
}) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const res = await page.goto("/docs/api");
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain("nonce-");
    await expect(page.getByRole("heading", { name: "Veil partner API" })).toBeVisible();
    await expect(
      page.getByRole("heading", { name: "GET /api/v1/customers", exact: true }),
    ).toBeVisible();
    await page.screenshot({ path: `test-results/docs-api-${width}.png`, fullPage: false });
    if (width === 1280) {
      // Complete against the document: every operation with a curl example, every body field.
      const doc = (await (await page.request.get("/api/v1/openapi.json")).json()) as {
        paths: Record<string, Record<string, OpenApiOperation>>;
      };
      for (const ops of Object.values(doc.paths))
        for (const op of Object.values(ops)) {
          const section = page.locator(`section#${op.operationId}`);
          await expect(section.locator("pre").first()).toContainText("curl -X");
          for (const content of Object.values(op.requestBody?.content ?? {}))
            for (const field of Object.keys(content.schema.properties ?? {}))
              await expect(
                section.getByRole("cell", { name: field, exact: false }).first(),
              ).toBeVisible();
        }
      for (const heading of [
        "Quick start",
        "Errors and limits",
        "Before you start: records are shared with you",
      ])
        await expect(page.getByRole("heading", { name: heading })).toBeVisible();
      await expect(page.getByText("RateLimit-Remaining").first()).toBeVisible();
    }
    // Nothing wider than the viewport (readable at phone width).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }
  expect(refused).toEqual([]);
});

type OpenApiOperation = {
  operationId: string;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
};
