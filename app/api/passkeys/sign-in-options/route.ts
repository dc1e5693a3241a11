import { assertionOptions } from "@/lib/server/auth/passkeys/assertion";
import { relyingParty } from "@/lib/server/auth/passkeys/relying-party";
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
  async () => assertionOptions("sign-in", null, await relyingParty()),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: options });
