import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isOutsideMiddleware } from "@/lib/security/outside-middleware";
import { config } from "@/middleware";

// The middleware's matcher must be a literal (Next reads it at build time), so this test keeps it
// and `isOutsideMiddleware` (which tells route wrappers to guard themselves) in step: a route the
// middleware skips must guard itself, and a route that guards itself is not guarded twice.

/** Every route and page of app/ as a request path (`[id]` → a sample segment, groups dropped). */
function appPaths(dir = "app", prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const name = entry.name;
      const segment = /^\(.*\)$/.test(name)
        ? ""
        : /^\[\.\.\..+\]$/.test(name)
          ? "/some/path"
          : /^\[.+\]$/.test(name)
            ? "/sample-id"
            : `/${name}`;
      out.push(...appPaths(path.join(dir, name), prefix + segment));
    } else if (/^(route|page)\.tsx?$/.test(entry.name)) out.push(prefix || "/");
  }
  return out;
}

const matcher = new RegExp(`^${config.matcher}$`);

describe("routes outside the middleware", () => {
  it("are exactly those the middleware's matcher leaves out", () => {
    const paths = [
      ...appPaths(),
      "/api/v1/customers?limit=5",
      "/api/v1/unknown",
      "/api/v1",
      // Percent-escapes reach the middleware, which refuses an undecodable one (Next's router
      // would answer it with a bare 500 before the route's own guard could run).
      "/api/v1/customers/abc%%27%20AND%201%3D1",
      "/api/v1/customers/a%20b",
    ];
    expect(paths).toContain("/api/v1/customers/sample-id");
    expect(paths).toContain("/api/mirror/run");
    for (const p of paths) {
      const pathname = p.split("?")[0]!;
      expect(isOutsideMiddleware(pathname), p).toBe(!matcher.test(pathname));
    }
  });

  it("are the partner API and the Data Mirror upload, nothing a page lives under", () => {
    const outside = appPaths().filter(isOutsideMiddleware);
    expect(outside.every((p) => p.startsWith("/api/v1/") || p === "/api/mirror/run")).toBe(true);
    expect(outside).toContain("/api/v1/oauth/token");
    for (const p of [
      "/",
      "/login",
      "/customers",
      "/api/health",
      "/api/reveal",
      "/api/mirror/preview",
    ])
      expect(isOutsideMiddleware(p), p).toBe(false);
  });
});
