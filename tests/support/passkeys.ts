import { randomUUID } from "node:crypto";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { attemptLogin } from "@/lib/server/auth/login";
import { assertionOptions } from "@/lib/server/auth/passkeys/assertion";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/server/users/passkeys";
import { SoftAuthenticator, type Tamper } from "./soft-authenticator";
import { TEST_PASSWORD } from "./principals";

/** The site the tests' passkeys belong to. */
export const RP = { id: "veil.test", origin: "https://veil.test", name: "Veil" };
export const rp = async () => RP;

/** A principal that just stepped up (by default with a second factor, as registering needs). */
export const withFactor = (
  p: UserPrincipal,
  factor: NonNullable<UserPrincipal["stepUpFactor"]> = "totp",
): UserPrincipal => ({ ...p, stepUpAt: Date.now(), stepUpFactor: factor });

/** A new authenticator with a passkey registered for `p`, through Veil's own ceremony. */
export async function registeredAuthenticator(
  p: UserPrincipal,
  opts: {
    synced?: boolean;
    counts?: boolean;
    steppedUpWith?: NonNullable<UserPrincipal["stepUpFactor"]>;
  } = {},
) {
  const authenticator = new SoftAuthenticator(RP, opts);
  const actor = withFactor(p, opts.steppedUpWith);
  const options = await passkeyRegistrationOptions(actor, RP);
  const row = await registerPasskey(
    actor,
    { name: "Test key", response: authenticator.register(options) },
    RP,
  );
  return { authenticator, passkey: row };
}

/** Each sign-in from its own address, so per-address counters never leak between tests. */
export const signInCtx = () => ({
  ip: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  userAgent: "vitest",
  requestId: randomUUID(),
});

/** A password sign-in answered with a passkey (fresh sign-in options, as the form fetches). */
export async function signInWithPasskey(
  email: string,
  authenticator: SoftAuthenticator,
  tamper: Tamper = {},
  password = TEST_PASSWORD,
) {
  const answer = authenticator.assert(await assertionOptions("sign-in", null, RP), tamper);
  return attemptLogin({ email, password, passkey: JSON.stringify(answer) }, signInCtx(), rp);
}
