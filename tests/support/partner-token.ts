import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { servedRequest } from "./served-request";

/** A client-credentials token from the real token endpoint, as an integration gets one. */
export async function clientCredentialsToken(
  client: { clientId: string; clientSecret: string },
  peer?: string,
) {
  const res = await tokenPOST(
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
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
  return (await res.json()).access_token as string;
}
