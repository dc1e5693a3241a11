import { assertionOptions } from "@/lib/server/auth/passkeys/assertion";
import { relyingPartyFor } from "@/lib/server/auth/passkeys/relying-party";
import { handlers, route } from "@/lib/server/http/route";

/**
 * What the sign-in form's passkey step asks the browser for: a fresh signed challenge, no
 * account named (the password typed with the answer says whose it is). Issuing it stores nothing.
 */
const options = route(
  {
    method: "GET",
    path: "/api/passkeys/sign-in-options",
    summary: "WebAuthn options for a passkey at sign-in",
    rateLimit: "route:passkey-options",
  },
  ({ req }) => assertionOptions("sign-in", null, relyingPartyFor(req.headers.get("host"))),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: options });
