import "server-only";
import type { Tx } from "@/lib/server/db";

export type Queryable = Pick<Tx, "$queryRaw">;

// Secret columns are read only through the owner's SECURITY DEFINER accessors (migrations
// `secret_accessors`, `review_hardening`): the application role has no SELECT on them. Password
// hashes never leave the database at all; sealed TOTP secrets come one user per transaction and
// wrapped data keys at most one page (100) per transaction, so an injected query or a stolen app
// login cannot dump them in one statement.

export type WrappedKey = { id: string; dataKeyId: string; dataKeyWrapped: Uint8Array };

/** How many wrapped keys one transaction may read (one list page). */
export const KEY_READS_PER_TRANSACTION = 100;

/** unsafe: wrapped data keys for these customers (useless without the master key ring). */
export function unsafeWrappedKeys(tx: Queryable, ids: string[]): Promise<WrappedKey[]> {
  return tx.$queryRaw<WrappedKey[]>`SELECT * FROM veil_customer_keys(${ids}::uuid[])`;
}

/**
 * unsafe: the next batch (≤ 100) of wrapped keys not yet under `activeKeyId` (key rotation), in id
 * order after `afterId` (the previous batch's last id; null to start).
 */
export function unsafeKeysToRewrap(
  tx: Queryable,
  activeKeyId: string,
  batch: number,
  afterId: string | null,
): Promise<WrappedKey[]> {
  const n = Math.min(batch, KEY_READS_PER_TRANSACTION);
  return tx.$queryRaw<
    WrappedKey[]
  >`SELECT * FROM veil_keys_to_rewrap(${activeKeyId}::varchar, ${n}::int, ${afterId}::uuid)`;
}

/** The bcrypt parameters of one user's password hash ("$2b$12$" + salt), never the digest. */
export async function passwordSalt(tx: Queryable, userId: string): Promise<string | null> {
  const [row] = await tx.$queryRaw<
    { salt: string | null }[]
  >`SELECT veil_password_salt(${userId}::uuid) AS salt`;
  return row?.salt ?? null;
}

/** Whether `candidateHash` (bcrypt of the typed password under that salt) is the stored hash. */
export async function passwordMatches(
  tx: Queryable,
  userId: string,
  candidateHash: string,
): Promise<boolean> {
  const [row] = await tx.$queryRaw<
    { ok: boolean }[]
  >`SELECT veil_password_matches(${userId}::uuid, ${candidateHash}::varchar) AS ok`;
  return row?.ok === true;
}

/** unsafe: one user's sealed TOTP secret (opened only with the app's session secret). */
export async function unsafeSealedTotpSecret(
  tx: Queryable,
  userId: string,
): Promise<string | null> {
  const [row] = await tx.$queryRaw<
    { sealed: string | null }[]
  >`SELECT veil_user_totp_secret(${userId}::uuid) AS sealed`;
  return row?.sealed ?? null;
}

/** Makes `newHash` the partner's secret and keeps the old one valid until `keepUntil`. */
export async function rotatePartnerSecretHash(
  tx: Queryable,
  partnerId: string,
  newHash: string,
  keepUntil: Date,
): Promise<boolean> {
  const [row] = await tx.$queryRaw<
    { ok: boolean }[]
  >`SELECT veil_rotate_partner_secret(${partnerId}::uuid, ${newHash}::varchar, ${keepUntil}::timestamp) AS ok`;
  return row?.ok === true;
}

/** The partner whose current (or overlapping previous) secret hashes to `secretHash`, if enabled,
 * and the secret generation that matched. */
export async function partnerForSecret(
  tx: Queryable,
  clientId: string,
  secretHash: string,
): Promise<{ id: string; generation: number } | null> {
  const [row] = await tx.$queryRaw<
    { id: string; generation: number }[]
  >`SELECT id, generation FROM veil_partner_secret_matches(${clientId}::varchar, ${secretHash}::varchar)`;
  return row ?? null;
}

export type RefreshSpend =
  | { outcome: "ok"; familyId: string; scopes: string[]; generation: number }
  | { outcome: "reused"; familyId: string }
  | { outcome: "invalid" };

/** Spends the partner's refresh token with this hash once; a second spend revokes its family. */
export async function spendRefreshTokenHash(
  tx: Queryable,
  tokenHash: string,
  partnerId: string,
): Promise<RefreshSpend> {
  const [row] = await tx.$queryRaw<
    { outcome: string; family: string | null; scopes: string[] | null; generation: number | null }[]
  >`SELECT * FROM veil_spend_refresh_token(${tokenHash}::varchar, ${partnerId}::uuid)`;
  if (row?.outcome === "ok")
    return {
      outcome: "ok",
      familyId: row.family!,
      scopes: row.scopes ?? [],
      generation: row.generation!,
    };
  if (row?.outcome === "reused") return { outcome: "reused", familyId: row.family! };
  return { outcome: "invalid" };
}

/** Revokes the family of the partner's refresh token with this hash; its family id, if any. */
export async function revokeRefreshFamilyByHash(
  tx: Queryable,
  tokenHash: string,
  partnerId: string,
): Promise<string | null> {
  const [row] = await tx.$queryRaw<
    { family: string | null }[]
  >`SELECT veil_revoke_refresh_family(${tokenHash}::varchar, ${partnerId}::uuid) AS family`;
  return row?.family ?? null;
}
