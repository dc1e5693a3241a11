import { createCustomer } from "@/lib/server/customers";
import { listCustomersPage } from "@/lib/server/customers/api";
import { API_V1 } from "@/lib/server/http/api-v1";
import { handlers, route } from "@/lib/server/http/route";

/** A page of the customers shared with the partner, masked by its profile (audited). */
const list = route(API_V1.listCustomers, ({ principal, query }) =>
  listCustomersPage(principal, query),
);

/** Creates a customer, validated exactly as in the portal; card security codes are refused. */
const create = route(API_V1.createCustomer, ({ principal, body }) =>
  createCustomer(principal, body),
);

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = handlers(
  { GET: list, POST: create },
  { cors: true },
);
