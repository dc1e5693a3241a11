// Second review, item 11: a partner's IP allow-list covers the token and revocation endpoints.
// From outside the list, a client holding its credentials could mint and revoke tokens.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listGET } from "@/app/api/v1/customers/route";
import { POST as revokePOST } from "@/app/api/v1/oauth/revoke/route";
import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { db } from "@/lib/server/db";
import { createPartner } from "@/lib/server/partners";
import { clientCredentialsToken } from "../support/partner-token";
import { makeUser } from "../support/principals";
import { servedRequest } from "../support/served-request";

const ALLOWED = "203.0.113.10";
const OUTSIDE = "198.51.100.77";
let client: { clientId: string; clientSecret: string; partner: { id: string } };

beforeAll(async () => {
  const { principal: admin } = await makeUser("ADMIN");
  client = await createPartner(admin, {
    name: "Allow-listed partner",
    profile: "basic",
    scopes: ["customers:read"],
    ipAllowList: [`${ALLOWED}/32`],
  });
});

const form = (path: string, peer: string, fields: Record<string, string>) =>
  servedRequest(`http://localhost/api/v1/oauth/${path}`, {
    method: "POST",
    peer,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      ...fields,
    }),
  });

describe("item 11: the allow-list covers the OAuth endpoints", () => {
  it("refuses a token to a client outside its allow-list, and audits the refusal", async () => {
    const res = await tokenPOST(form("token", OUTSIDE, { grant_type: "client_credentials" }));
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.access_token).toBeUndefined();
    expect(body.error).toBe("unauthorized_client");
    const refusal = await db().auditEvent.findFirst({
      where: { action: "partner.network_refused", targetId: client.partner.id, ip: OUTSIDE },
    });
    expect(refusal?.outcome).toBe("denied");
  });

  it("refuses a revocation from outside the list: the token keeps working", async () => {
    const token = await clientCredentialsToken(client, ALLOWED);
    const res = await revokePOST(form("revoke", OUTSIDE, { token }));
    expect(res.status).toBe(403);
    const stillWorks = await listGET(
      servedRequest("http://localhost/api/v1/customers?limit=5", {
        peer: ALLOWED,
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(stillWorks.status).toBe(200);
    // Revoking from inside the list still works (the same call, the allowed address).
    expect((await revokePOST(form("revoke", ALLOWED, { token }))).status).toBe(200);
  });

  it("still issues tokens inside the list", async () => {
    const res = await tokenPOST(form("token", ALLOWED, { grant_type: "client_credentials" }));
    expect(res.status).toBe(200);
  });
});
