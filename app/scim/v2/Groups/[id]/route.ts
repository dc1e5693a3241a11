import {
  deleteScimGroup,
  getScimGroup,
  patchScimGroup,
  replaceScimGroup,
} from "@/lib/server/scim/groups";
import { scimBase, scimBody, scimJson, scimRoute } from "@/lib/server/scim/http";

type Ctx = { params: Promise<{ id: string }> };

export const GET = scimRoute<Ctx>(async (req, { params }) =>
  scimJson(200, await getScimGroup((await params).id, scimBase(req))),
);
export const PUT = scimRoute<Ctx>(async (req, { params }) =>
  scimJson(200, await replaceScimGroup((await params).id, await scimBody(req), scimBase(req))),
);
export const PATCH = scimRoute<Ctx>(async (req, { params }) =>
  scimJson(200, await patchScimGroup((await params).id, await scimBody(req), scimBase(req))),
);
export const DELETE = scimRoute<Ctx>(async (_req, { params }) => {
  await deleteScimGroup((await params).id);
  return scimJson(204, null);
});
