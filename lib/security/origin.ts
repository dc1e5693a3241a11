// Cross-site request check for state-changing requests. Browsers always send Origin on
// cross-origin POSTs; a mismatch with the Host we serve is a forged request.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(
  method: string,
  headers: { get(name: string): string | null },
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") return true;
  const origin = headers.get("origin");
  if (!origin) return false; // not a browser (no ambient cookies to abuse) or same-origin navigation
  if (origin === "null") return true;
  try {
    return new URL(origin).host.toLowerCase() !== (headers.get("host") ?? "").toLowerCase();
  } catch {
    return true;
  }
}
