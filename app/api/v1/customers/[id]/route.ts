import { getCustomer } from "@/lib/server/customers";
import { toApiCustomer } from "@/lib/server/customers/api";
import { API_V1 } from "@/lib/server/http/api-v1";
import { handlers, route } from "@/lib/server/http/route";

/** One customer; a record not shared with the partner is 404, exactly like a missing one. */
const read = route(API_V1.readCustomer, async ({ principal, params }) =>
  toApiCustomer(await getCustomer(principal, params.id)),
);

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = handlers({ GET: read }, { cors: true });
