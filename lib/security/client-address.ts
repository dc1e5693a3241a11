// Which rate-limit bucket an address falls in. IPv6 hosts get a whole /64 (one customer network:
// an attacker holding a /64 could otherwise rotate through 2^64 addresses); IPv4 stays per address.
import ipaddr from "ipaddr.js";

export function rateLimitBucket(ip: string | null): string {
  if (!ip || !ipaddr.isValid(ip)) return "unknown";
  const addr = ipaddr.process(ip); // IPv4-mapped IPv6 becomes plain IPv4
  if (addr.kind() === "ipv4") return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString().replace(/::$/, "")}::/64`;
}
