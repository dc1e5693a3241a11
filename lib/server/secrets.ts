import "server-only";
import type { Tx } from "@/lib/server/db";

type Queryable = Pick<Tx, "$queryRaw">;

// Secret columns are read only through the owner's SECURITY DEFINER accessors (migration
// `secret_accessors`): the application role has no SELECT on them, so even an injected query
// through the app's own login cannot dump key material or password hashes.

export type WrappedKey = { id: string; dataKeyId: string; dataKeyWrapped: Uint8Array };

/** unsafe: wrapped data keys for these customers (useless without the master key ring). */
export function unsafeWrappedKeys(tx: Queryable, ids: string[]): Promise<WrappedKey[]> {
  return tx.$queryRaw<WrappedKey[]>`SELECT * FROM veil_customer_keys(${ids}::uuid[])`;
}

/** unsafe: the next batch of wrapped keys not yet under `activeKeyId` (key rotation). */
export function unsafeKeysToRewrap(
  tx: Queryable,
  activeKeyId: string,
  batch: number,
): Promise<WrappedKey[]> {
  return tx.$queryRaw<
    WrappedKey[]
  >`SELECT * FROM veil_keys_to_rewrap(${activeKeyId}::varchar, ${batch}::int)`;
}

export type Credentials = {
  id: string;
  passwordHash: string | null;
  totpSecretSealed: string | null;
};

/** unsafe: one user's password hash and sealed TOTP secret, by email or id. */
export async function unsafeCredentials(
  tx: Queryable,
  by: { email: string } | { id: string },
): Promise<Credentials | null> {
  const rows =
    "email" in by
      ? await tx.$queryRaw<
          Credentials[]
        >`SELECT * FROM veil_user_credentials(user_email => ${by.email}::varchar)`
      : await tx.$queryRaw<
          Credentials[]
        >`SELECT * FROM veil_user_credentials(user_id => ${by.id}::uuid)`;
  return rows[0] ?? null;
}
