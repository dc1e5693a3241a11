import http from "node:http";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { E2E_PORT } from "./support/server-env";

function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: E2E_PORT, path, headers }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

test("the landing page loads with no CSP violation and links to sign-in", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Refused to load: CSP ${e.violatedDirective}`),
    );
  });
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("customer data");
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toHaveAttribute(
    "href",
    "/login",
  );
  // Hydration ran: Next's client router is live, so the nonce reached its scripts.
  await page.waitForFunction(
    () => typeof (window as unknown as { next?: unknown }).next === "object",
  );
  expect(violations).toEqual([]);
});

test("the landing page asks nothing of the API, and offers a signed-in user the way back in", async ({
  page,
}) => {
  const apiCalls: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) apiCalls.push(r.url());
  });
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  expect(apiCalls).toEqual([]); // no prefetch of the status route (it answered 422 each visit)
  await signIn(page, "agent@veil.local");
  await page.goto("/");
  const open = page.getByRole("link", { name: "Open the portal", exact: true });
  await expect(open).toHaveAttribute("href", "/customers");
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toHaveCount(0);
});

test("every response carries the security headers, with a fresh nonce per request", async ({
  request,
}) => {
  const a = await request.get("/");
  const b = await request.get("/");
  const csp = a.headers()["content-security-policy"]!;
  const nonce = (h: string) => /'nonce-([^']+)'/.exec(h)?.[1];
  expect(nonce(csp)).toBeTruthy();
  expect(nonce(csp)).not.toBe(nonce(b.headers()["content-security-policy"]!));
  expect(await a.text()).toContain(`nonce="${nonce(csp)}"`);
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toContain("unsafe-inline");
  expect(a.headers()).toMatchObject({
    "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  });
  expect(a.headers()["permissions-policy"]).toBeTruthy();
  const health = await request.get("/api/health");
  expect(health.headers()["x-frame-options"]).toBe("DENY");
});

test("a request for another Host gets 400 and no page", async () => {
  const res = await rawGet("/", { Host: "evil.example" });
  expect(res.status).toBe(400);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  expect(res.body).not.toContain("<html");
});

test("without a trusted proxy, X-Forwarded-Proto cannot force a redirect", async () => {
  const res = await rawGet("/", { Host: `localhost:${E2E_PORT}`, "X-Forwarded-Proto": "http" });
  expect(res.status).toBe(200);
});

test("bad input to the API answers 4xx problem+json, never a stack", async ({ request }) => {
  const unknown = await request.get("/api/does-not-exist");
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toContain("application/problem+json");
  const wrongMethod = await request.post("/api/ready", {
    data: "{not json",
    headers: { "content-type": "text/plain" },
  });
  expect(wrongMethod.status()).toBe(405);
  expect(await wrongMethod.text()).not.toMatch(/at .*\.js:\d+/);
  const longUrl = await request.get(`/?q=${"a".repeat(5000)}`);
  expect(longUrl.status()).toBe(414);
  // The partner API runs outside the middleware, but an undecodable path there must still get
  // the guard's 400, not the bare 500 Next's router gives it (found by sqlmap's URI payloads).
  for (const path of ["/api/v1/customers/abc%%27%20AND%201%3D1", "/api/v1/x%"]) {
    const undecodable = await request.get(path);
    expect(undecodable.status(), path).toBe(400);
    expect(undecodable.headers()["content-type"]).toContain("application/problem+json");
    expect(undecodable.headers()["content-security-policy"]).toContain("frame-ancestors");
  }
  const page404 = await request.get("/no-such-page");
  expect(page404.status()).toBe(404);
  expect(await page404.text()).not.toMatch(/at .*\.js:\d+/);
});

test("the records of processing show each role's view of each field as the policy table sets it", async ({
  page,
}) => {
  const { levelFor, mayReveal, POLICY } = await import("@/lib/policy/field-policy");
  const { CUSTOMER_FIELDS, FIELD_NAMES } = await import("@/lib/fields/catalogue");
  await page.goto("/privacy");
  const subjects = Object.keys(POLICY);
  const table = page.getByRole("region", { name: "Who sees what" }).locator("table");
  for (const [i, field] of FIELD_NAMES.entries()) {
    const row = table.locator("tbody tr").nth(i);
    await expect(row.locator("th")).toHaveText(CUSTOMER_FIELDS[field].label);
    for (const [j, subject] of subjects.entries()) {
      const cell = row.locator("td").nth(j);
      // Hidden fields say so; revealable ones say who may reveal them.
      if (levelFor(subject, field) === "hidden") await expect(cell).toContainText("Not shown");
      else await expect(cell).not.toContainText("Not shown");
      if (mayReveal(subject, field)) await expect(cell).toContainText("may reveal");
      else await expect(cell).not.toContainText("may reveal");
    }
  }
});

test("the records of processing state the retention the running server applies", async ({
  page,
}) => {
  await page.goto("/privacy");
  const kept = page.getByRole("region", { name: "How long" });
  // The e2e server runs with VEIL_RETENTION_CUSTOMER_YEARS=5: the page follows the configuration.
  await expect(kept.locator("[data-retention=customers]")).toContainText(
    "Customer records: kept 5 years from the record's last change, then erased",
  );
  await expect(kept.locator("[data-retention=audit]")).toContainText("kept 7 years");
  await expect(kept.locator("[data-retention=sign_ins]")).toContainText("kept 1 year");
});
