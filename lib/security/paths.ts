// Which `next` targets are safe to follow after sign-in (same-origin
// paths only: no scheme, no protocol-relative `//host`, no backslash tricks).
export function safeNextPath(next: string | undefined | null): string | null {
  if (!next || next.length > 512) return null;
  if (
    !next.startsWith("/") ||
    next.startsWith("//") ||
    next.includes("\\") ||
    /[\u0000-\u001f]/.test(next)
  )
    return null;
  if (next.startsWith("/login") || next.startsWith("/api/")) return null;
  return next;
}
