import "server-only";
import ipaddr from "ipaddr.js";
import { countTowardsAlert } from "@/lib/server/alerts/rate-rules";
import { problemResponse } from "@/lib/security/problem";
import { recordAudit } from "@/lib/server/audit/append";
import type { PartnerPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { consumePartnerRequest } from "./limits";

// What every authenticated partner request passes before its handler: the partner's network
// allow-list, its browser origins (CORS) and its request limits. The headers returned go on
// every answer, errors included, so a browser integration can read them.

export type Admission = { refusal: Response | null; headers: Record<string, string> };

function addressAllowed(ip: string | null, allowList: string[]): boolean {
  if (!allowList.length) return true;
  if (!ip || !ipaddr.isValid(ip)) return false;
  const addr = ipaddr.process(ip);
  return allowList.some((entry) => {
    const [range, bits] = entry.includes("/")
      ? ipaddr.parseCIDR(entry)
      : [ipaddr.process(entry), ipaddr.process(entry).kind() === "ipv4" ? 32 : 128];
    return addr.kind() === range.kind() && addr.match(range, bits);
  });
}

/** CORS for one allowed origin: no wildcard, no credentials (partners send bearer tokens). */
function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers":
      "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, Retry-After",
    Vary: "Origin",
  };
}

/** A refused address or origin is audited: it is either a misconfiguration or stolen credentials. */
function auditNetworkRefusal(partner: PartnerPrincipal, reason: "ip" | "origin") {
  return recordAudit({
    actor: partner,
    action: "partner.network_refused",
    outcome: "denied",
    target: { type: "partner", id: partner.partnerId },
    detail: { reason },
  });
}

/**
 * Whether the partner's allow-list admits the caller's address; a refusal is audited. Every
 * endpoint a partner's credentials reach checks it: the resource routes (`admitPartner`) and the
 * token and revocation endpoints.
 */
export async function partnerAddressAdmitted(partner: PartnerPrincipal): Promise<boolean> {
  if (addressAllowed(partner.ip, partner.network.ipAllowList)) return true;
  await auditNetworkRefusal(partner, "ip");
  return false;
}

export async function admitPartner(partner: PartnerPrincipal, req: Request): Promise<Admission> {
  const origin = req.headers.get("origin");
  const headers: Record<string, string> = origin ? { Vary: "Origin" } : {};
  const refuse = async (reason: "ip" | "origin", message: string): Promise<Admission> => {
    if (reason === "origin") await auditNetworkRefusal(partner, reason);
    return {
      refusal: problemResponse(403, "FORBIDDEN", message, { code: "FORBIDDEN" }),
      headers,
    };
  };
  if (!(await partnerAddressAdmitted(partner)))
    return refuse("ip", "Requests from this address are not allowed.");
  if (origin) {
    if (!partner.network.corsOrigins.includes(origin))
      return refuse("origin", "This origin is not allowed.");
    Object.assign(headers, corsHeaders(origin));
  }
  const limit = await consumePartnerRequest(partner.partnerId, partner.limits);
  Object.assign(headers, limit.headers);
  if (!limit.allowed) {
    await countTowardsAlert("partner_refusal_spike", { type: "partner", id: partner.partnerId });
    return {
      refusal: problemResponse(429, "RATE_LIMITED", "Too many requests. Try again later.", {
        code: "RATE_LIMITED",
      }),
      headers,
    };
  }
  return { refusal: null, headers };
}

/**
 * A CORS preflight carries no token, so it is answered by origin alone: allowed when some
 * enabled partner lists it. The real request is then checked against its own partner's list.
 */
export async function preflight(req: Request, methods: string[]): Promise<Response> {
  const origin = req.headers.get("origin");
  const listed =
    origin && origin.length <= 200
      ? await db().partner.findFirst({
          where: { disabled: false, corsOrigins: { has: origin } },
          select: { id: true },
        })
      : null;
  if (!origin || !listed) return new Response(null, { status: 403, headers: { Vary: "Origin" } });
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      "Access-Control-Allow-Methods": methods.join(", "),
      "Access-Control-Allow-Headers": "Authorization, Content-Type",
      "Access-Control-Max-Age": "600",
    },
  });
}
