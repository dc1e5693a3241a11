import { scimBase, scimBody, scimJson, scimRoute } from "@/lib/server/scim/http";
import { createScimUser, listScimUsers } from "@/lib/server/scim/users";

// SCIM 2.0 Users (RFC 7644): the identity provider's provisioning client, with its bearer token.
export const GET = scimRoute(async (req) =>
  scimJson(200, await listScimUsers(new URL(req.url), scimBase(req))),
);
export const POST = scimRoute(async (req) =>
  scimJson(201, await createScimUser(await scimBody(req), scimBase(req))),
);
