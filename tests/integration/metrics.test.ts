import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { reloadEnv } from "@/lib/env";
import { attemptLogin } from "@/lib/server/auth/login";
import { makeUser } from "../support/principals";

const TOKEN = "metrics-token-for-tests-0123456789abcdef";
const scrape = (authorization?: string) =>
  metricsRoute(
    new Request("http://localhost/api/metrics", {
      headers: authorization ? { authorization } : {},
    }),
  );

/** The value of one series in Prometheus text (0 when absent). */
function value(text: string, series: string) {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

afterEach(() => {
  delete process.env.VEIL_METRICS_TOKEN;
  reloadEnv();
});

describe("GET /api/metrics", () => {
  it("is off without VEIL_METRICS_TOKEN", async () => {
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
  });

  it("answers 401 without its token or with another, and Prometheus text with it", async () => {
    process.env.VEIL_METRICS_TOKEN = TOKEN;
    reloadEnv();
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);

    const before = await (await scrape(`Bearer ${TOKEN}`)).text();
    const { user } = await makeUser("AGENT");
    const email = user.email;
    await attemptLogin(
      { email, password: "definitely not it" },
      { ip: "10.9.8.7", userAgent: "vitest", requestId: randomUUID() },
    );
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // Valid exposition format: HELP/TYPE comments and `name{labels} value` samples only.
    for (const line of text.split("\n").filter(Boolean))
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-zA-Z_:][\w:]* .*|[a-zA-Z_:][\w:]*(\{[^}]*\})? (-?[\d.e+-]+|NaN|[+-]Inf))$/,
      );
    expect(text).toContain("# TYPE veil_http_requests_total counter");
    expect(text).toContain("# TYPE veil_audit_append_seconds histogram");
    const series = 'veil_login_failures_total{reason="bad_credentials"}';
    expect(value(text, series)).toBe(value(before, series) + 1);
    expect(value(text, "veil_audit_append_seconds_count")).toBeGreaterThan(
      value(before, "veil_audit_append_seconds_count"),
    );
    // No personal data in any label.
    expect(text).not.toContain(email);
    expect(text).not.toContain("10.9.8.7");
  });
});
