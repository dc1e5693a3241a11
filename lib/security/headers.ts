// Response hardening shared by middleware.ts and its tests. Pure: no Node or Next imports, so it
// runs in any runtime and a later move to proxy.ts keeps it unchanged.

const CAPTCHA_WIDGET_STYLE_HASH = "sha256-ZgqGuQlekW98cv0XQjYUGCLTvc3q5MkU+2SkqlFGoTM=";

export type HeaderOptions = { nonce: string; production: boolean; https: boolean };

export function contentSecurityPolicy({ nonce, production, https }: HeaderOptions): string {
  const script = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  if (!production) script.push(`'unsafe-eval'`); // React's dev tooling needs eval; never in production
  return [
    `default-src 'self'`,
    `script-src ${script.join(" ")}`,
    // Plus, by hash, the one stylesheet the self-hosted captcha widget writes into its shadow
    // root (no 'unsafe-inline'); the login e2e test fails if the widget ever needs another.
    `style-src 'self' 'nonce-${nonce}' '${CAPTCHA_WIDGET_STYLE_HASH}'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `worker-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
    `form-action 'self'`,
    ...(production && https ? [`upgrade-insecure-requests`] : []),
  ].join("; ");
}

export function securityHeaders(opts: HeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(opts),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy":
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-DNS-Prefetch-Control": "off",
    ...(opts.production
      ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload" }
      : {}),
  };
}

/** `VEIL_ALLOWED_HOSTS` entries: a bare name allows any port, `name:port` only that port. */
export function isAllowedHost(hostHeader: string | null, allowList: string): boolean {
  if (!hostHeader || hostHeader.length > 255) return false;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  if (!m) return false;
  const [, name, port] = m;
  return allowList
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => {
      const e = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d{1,5}))?$/i.exec(entry);
      if (!e) return false;
      return e[1] === name!.toLowerCase() && (!e[2] || e[2] === port);
    });
}

/**
 * The client address. Behind a trusted proxy, the entry that proxy appended (rightmost);
 * otherwise the socket peer, which the server preload writes into x-forwarded-for itself.
 */
export function clientIp(forwardedFor: string | null, trustedHops: number): string | null {
  if (!forwardedFor) return null;
  const parts = forwardedFor
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  // Each trusted proxy appends the address it saw: the client is `trustedHops` from the right.
  // Untrusted (0 hops), the header was set by our own preload from the socket peer.
  const ip = trustedHops > 0 ? parts[Math.max(0, parts.length - trustedHops)] : parts[0];
  return ip && /^[0-9a-f.:]{2,45}$/i.test(ip) ? ip : null;
}

export function base64Nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export const MAX_URL_LENGTH = 4096;
