/**
 * A request as the production server hands it to a route: with its Host header, and with
 * X-Forwarded-For set to the socket peer (`scripts/peer-address.cjs` does so before Next sees
 * it). Routes outside the middleware run its guard themselves, which reads both. `peer` is the
 * client's address (default loopback).
 */
export function servedRequest(url: string, init: RequestInit & { peer?: string } = {}): Request {
  const { peer = "127.0.0.1", ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!headers.has("host")) headers.set("host", new URL(url).host);
  headers.set("x-forwarded-for", peer);
  return new Request(url, { ...rest, headers });
}
