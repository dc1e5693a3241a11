import { createScimGroup, listScimGroups } from "@/lib/server/scim/groups";
import { scimBase, scimBody, scimJson, scimRoute } from "@/lib/server/scim/http";

// SCIM 2.0 Groups (RFC 7644): display names are what VEIL_OIDC_ROLE_MAP maps to roles.
export const GET = scimRoute(async (req) =>
  scimJson(200, await listScimGroups(new URL(req.url), scimBase(req))),
);
export const POST = scimRoute(async (req) =>
  scimJson(201, await createScimGroup(await scimBody(req), scimBase(req))),
);
