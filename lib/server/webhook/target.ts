import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

// Where the operator's webhook is, and the SSRF guard: https only, no credentials in the URL, and
// no private, loopback or link-local address (unless allowed), checked on the address actually
// connected to, whether the host is a name or an IP literal.

export class WebhookTargetError extends Error {}

/** The configured target, or the reason it is refused (scheme, credentials in the URL). */
export function webhookTarget(): URL | null {
  const raw = env().VEIL_ALERT_WEBHOOK_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError("VEIL_ALERT_WEBHOOK_URL is not a URL.");
  }
  if (url.protocol !== "https:" && !(privateTargetsAllowed() && url.protocol === "http:"))
    throw new WebhookTargetError("VEIL_ALERT_WEBHOOK_URL must use https.");
  if (url.username || url.password)
    throw new WebhookTargetError("VEIL_ALERT_WEBHOOK_URL must not carry credentials.");
  return url;
}

/** Refuses private, loopback, link-local and other non-public addresses (unless allowed). */
export function publicAddress(address: string): boolean {
  try {
    const ip = ipaddr.process(address);
    return ip.range() === "unicast";
  } catch {
    return false;
  }
}

const privateTargetsAllowed = () =>
  env().VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE || env().NODE_ENV === "development";

export const privateTarget = () =>
  Object.assign(new Error("webhook host is a private address"), { code: "EPRIVATE" });

/**
 * A host written as an IP literal never reaches the lookup below, so it is checked here, the same
 * way (IPv4-mapped IPv6 included: `ipaddr.process` unwraps it). URL parsing has already
 * normalised odd spellings (`0x7f.1`, `2130706433`) to dotted IPv4.
 */
export function literalHostAllowed(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!net.isIP(host)) return true; // a name: checked on each resolved address
  return privateTargetsAllowed() || publicAddress(host);
}

/** DNS lookup that refuses non-public answers: checked on the address actually connected to. */
export function guardedLookup(
  hostname: string,
  options: object,
  callback: (
    err: NodeJS.ErrnoException | null,
    address: string | LookupAddress[],
    family?: number,
  ) => void,
) {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const allowed = privateTargetsAllowed();
    const ok = list.filter((a) => allowed || publicAddress(a.address));
    if (!ok.length) return callback(privateTarget(), []);
    const wantsAll = (options as { all?: boolean }).all;
    if (wantsAll) return callback(null, ok);
    callback(null, ok[0]!.address, ok[0]!.family);
  });
}
