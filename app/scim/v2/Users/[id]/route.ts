import { scimBase, scimBody, scimJson, scimRoute } from "@/lib/server/scim/http";
import {
  deleteScimUser,
  getScimUser,
  patchScimUser,
  replaceScimUser,
} from "@/lib/server/scim/users";

type Ctx = { params: Promise<{ id: string }> };

export const GET = scimRoute<Ctx>(async (req, { params }) =>
  scimJson(200, await getScimUser((await params).id, scimBase(req))),
);
export const PUT = scimRoute<Ctx>(async (req, { params }) =>
  scimJson(200, await replaceScimUser((await params).id, await scimBody(req), scimBase(req))),
);
export const PATCH = scimRoute<Ctx>(async (req, { params }) =>
  scimJson(200, await patchScimUser((await params).id, await scimBody(req), scimBase(req))),
);
export const DELETE = scimRoute<Ctx>(async (_req, { params }) => {
  await deleteScimUser((await params).id);
  return scimJson(204, null);
});
