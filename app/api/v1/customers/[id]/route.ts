import { z } from "zod";
import { apiCustomerSchema } from "@/lib/schemas/partner-api";
import { getCustomer } from "@/lib/server/customers";
import { toApiCustomer } from "@/lib/server/customers/api";
import { handlers, partnerToken, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** One customer; a record not shared with the partner is 404, exactly like a missing one. */
const read = route(
  {
    method: "GET",
    path: "/api/v1/customers/{id}",
    summary: "Read one customer, masked by this partner's profile",
    auth: partnerToken,
    capability: "customers.read",
    params: z.object({ id: z.string().max(100) }),
    response: apiCustomerSchema,
    noStore: true,
  },
  async ({ principal, params }) => toApiCustomer(await getCustomer(principal!, params.id)),
);

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = handlers({ GET: read }, { cors: true });
