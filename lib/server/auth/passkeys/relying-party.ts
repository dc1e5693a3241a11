import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/** Who passkeys are registered with: the site's host name (RP ID) and the origin browsers sign. */
export type RelyingParty = { id: string; origin: string; name: string };

/**
 * From VEIL_PUBLIC_URL when set (production); otherwise from this request's Host, which the
 * middleware has already checked against VEIL_ALLOWED_HOSTS (a local or test server).
 */
export async function relyingParty(): Promise<RelyingParty> {
  return relyingPartyFor((await headers()).get("host"));
}

/** As `relyingParty`, for a route handler that has the request's Host at hand. */
export function relyingPartyFor(hostHeader: string | null): RelyingParty {
  const configured = env().VEIL_PUBLIC_URL;
  if (configured) {
    const url = new URL(configured);
    return { id: url.hostname, origin: url.origin, name: "Veil" };
  }
  // A Host that is no host name (only a direct call can bring one: the middleware refuses it)
  // gets a relying party no passkey belongs to, so every answer fails verification.
  const host = !hostHeader
    ? "localhost"
    : URL.canParse(`http://${hostHeader}`)
      ? hostHeader
      : "invalid.invalid";
  const url = new URL(`http://${host}`);
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  return { id: url.hostname, origin: `${local ? "http" : "https"}://${host}`, name: "Veil" };
}
