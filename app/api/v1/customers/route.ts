import { customerInputSchema } from "@/lib/schemas/customers";
import {
  apiCreatedSchema,
  apiCustomerPageSchema,
  apiListQuerySchema,
} from "@/lib/schemas/partner-api";
import { createCustomer } from "@/lib/server/customers";
import { listCustomersPage } from "@/lib/server/customers/api";
import { handlers, partnerToken, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** A page of the customers shared with the partner, masked by its profile (audited). */
const list = route(
  {
    method: "GET",
    path: "/api/v1/customers",
    summary: "List customers shared with this partner, newest first",
    auth: partnerToken,
    capability: "customers.read",
    query: apiListQuerySchema,
    response: apiCustomerPageSchema,
    noStore: true,
  },
  ({ principal, query }) => listCustomersPage(principal!, query),
);

/** Creates a customer, validated exactly as in the portal; card security codes are refused. */
const create = route(
  {
    method: "POST",
    path: "/api/v1/customers",
    summary: "Create a customer (shared with this partner from then on)",
    auth: partnerToken,
    capability: "customers.write",
    body: customerInputSchema,
    response: apiCreatedSchema,
    status: 201,
    noStore: true,
  },
  ({ principal, body }) => createCustomer(principal!, body),
);

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = handlers(
  { GET: list, POST: create },
  { cors: true },
);
