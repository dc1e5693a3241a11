import { describe, expect, it } from "vitest";
import { clientIp, contentSecurityPolicy, isAllowedHost, securityHeaders } from "./headers";
import { rateLimitBucket } from "./client-address";

describe("content security policy", () => {
  const prod = contentSecurityPolicy({ nonce: "abc", production: true, https: true });
  it("allows scripts only by nonce with strict-dynamic, never unsafe-inline", () => {
    expect(prod).toMatch(/script-src 'self' 'nonce-abc' 'strict-dynamic'(;|$)/);
    expect(prod).not.toContain("unsafe-inline");
    expect(prod).not.toContain("unsafe-eval");
  });
  it("locks down objects, base, framing and form targets", () => {
    for (const d of [
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]) {
      expect(prod).toContain(d);
    }
  });
  it("permits unsafe-eval only in development", () => {
    expect(contentSecurityPolicy({ nonce: "n", production: false, https: false })).toContain(
      "'unsafe-eval'",
    );
  });
});

describe("security headers", () => {
  it("send HSTS only in production", () => {
    expect(
      securityHeaders({ nonce: "n", production: true, https: false })["Strict-Transport-Security"],
    ).toBe("max-age=63072000; includeSubDomains; preload");
    expect(
      securityHeaders({ nonce: "n", production: false, https: false })["Strict-Transport-Security"],
    ).toBeUndefined();
  });
  it("include the framing, sniffing, referrer and isolation policies", () => {
    const h = securityHeaders({ nonce: "n", production: true, https: true });
    expect(h).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "no-referrer",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    expect(h["Permissions-Policy"]).toContain("camera=()");
  });
});

describe("host allow-list", () => {
  const list = "localhost,127.0.0.1,veil.example.com:8443";
  it("accepts listed names on any port unless the entry names one", () => {
    expect(isAllowedHost("localhost:3000", list)).toBe(true);
    expect(isAllowedHost("127.0.0.1", list)).toBe(true);
    expect(isAllowedHost("veil.example.com:8443", list)).toBe(true);
    expect(isAllowedHost("veil.example.com:443", list)).toBe(false);
  });
  it("rejects other, missing and malformed hosts", () => {
    for (const h of [
      "evil.example",
      "localhost.evil.example",
      "",
      null,
      "localhost:3000/x",
      "a".repeat(300),
      "local host",
    ]) {
      expect(isAllowedHost(h, list)).toBe(false);
    }
  });
});

describe("client ip", () => {
  it("uses the proxy-appended (rightmost) entry only when the proxy is trusted", () => {
    expect(clientIp("6.6.6.6, 10.0.0.5", 1)).toBe("10.0.0.5");
    expect(clientIp("127.0.0.1", 0)).toBe("127.0.0.1");
  });
  it("counts the configured number of trusted proxy hops from the right", () => {
    // client, CDN-appended, load-balancer-appended: two trusted hops name the client.
    expect(clientIp("6.6.6.6, 203.0.113.7, 10.0.0.5", 2)).toBe("203.0.113.7");
    expect(clientIp("203.0.113.7, 10.0.0.5", 2)).toBe("203.0.113.7");
    // Fewer entries than hops: the leftmost is the furthest address known.
    expect(clientIp("10.0.0.5", 3)).toBe("10.0.0.5");
  });
  it("ignores garbage", () => {
    expect(clientIp("<script>", 0)).toBeNull();
    expect(clientIp(null, 1)).toBeNull();
  });
});

describe("rate-limit buckets", () => {
  it("puts every address of one IPv6 /64 in one bucket, and other /64s elsewhere", () => {
    const a = rateLimitBucket("2001:db8:1:2:aaaa::1");
    expect(rateLimitBucket("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(a);
    expect(rateLimitBucket("2001:db8:1:3::1")).not.toBe(a);
    expect(a).toBe("2001:db8:1:2::/64");
  });
  it("keeps IPv4 addresses whole, also when written IPv4-mapped", () => {
    expect(rateLimitBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitBucket("203.0.113.8")).not.toBe(rateLimitBucket("203.0.113.7"));
  });
  it("puts unparseable or missing addresses in one 'unknown' bucket", () => {
    expect(rateLimitBucket(null)).toBe("unknown");
    expect(rateLimitBucket("not-an-ip")).toBe("unknown");
  });
});
