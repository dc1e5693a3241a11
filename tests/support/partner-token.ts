import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { insertCustomers } from "@/lib/server/customers";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { customerLike } from "./customers";
import { makeUser } from "./principals";
import { servedRequest } from "./served-request";

/** A client-credentials request to the real token endpoint, from `peer`: its answer. */
export function requestClientCredentials(
  client: { clientId: string; clientSecret: string },
  peer?: string,
) {
  return tokenPOST(
    servedRequest("http://localhost/api/v1/oauth/token", {
      method: "POST",
      peer,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    }),
  );
}

/** A client-credentials token from the real token endpoint, as an integration gets one. */
export async function clientCredentialsToken(
  client: { clientId: string; clientSecret: string },
  peer?: string,
) {
  const res = await requestClientCredentials(client, peer);
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
  return (await res.json()).access_token as string;
}

/** A basic-profile reader with five customers shared and a generous allowance, and its token. */
export async function readerPartner(name: string) {
  const { principal: admin } = await makeUser("ADMIN");
  const p = await createPartner(admin, {
    name,
    profile: "basic",
    scopes: ["customers:read"],
    perMinute: 10_000,
  });
  const ids = await insertCustomers(
    admin,
    Array.from({ length: 5 }, () => customerLike()),
  );
  await changePartnerSharing(admin, {
    partnerId: p.partner.id,
    change: "share",
    customers: { kind: "chosen", ids },
  });
  return { partnerId: p.partner.id, token: await clientCredentialsToken(p) };
}
