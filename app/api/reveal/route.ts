import { jsonObjectSchema, revealResultSchema } from "@/lib/schemas/customers";
import { revealField } from "@/lib/server/customers/reveal";
import { handlers, route, staffSession } from "@/lib/server/http/route";

/**
 * The audited reveal: one value for one field, never cached anywhere. A route handler rather
 * than a server action so the response can carry `Cache-Control: no-store` itself. The data layer
 * validates and authorizes again, and audits every refusal.
 */
const reveal = route(
  {
    method: "POST",
    path: "/api/reveal",
    summary: "Reveal one field of one customer in full (officers; audited, budgeted)",
    auth: staffSession,
    // Only "a JSON object" here: the data layer validates the fields itself, so that a refused
    // reveal — bad input included — is audited like any other refusal.
    body: jsonObjectSchema,
    response: revealResultSchema,
    noStore: true,
  },
  ({ principal, body }) => revealField(principal, body),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: reveal });
