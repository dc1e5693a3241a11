-- AlterTable
ALTER TABLE "Partner" ADD COLUMN     "perHour" INTEGER,
ADD COLUMN     "secretGeneration" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "RefreshToken" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "familyId" UUID NOT NULL,
    "tokenHash" VARCHAR(64) NOT NULL,
    "scopes" VARCHAR(32)[],
    "secretGeneration" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "RefreshToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RefreshToken_tokenHash_key" ON "RefreshToken"("tokenHash");

-- CreateIndex
CREATE INDEX "RefreshToken_familyId_idx" ON "RefreshToken"("familyId");

-- CreateIndex
CREATE INDEX "RefreshToken_expiresAt_idx" ON "RefreshToken"("expiresAt");

-- Rotation also starts a new secret generation: tokens issued under the old secret live only as
-- long as the old secret's overlap.
CREATE OR REPLACE FUNCTION veil_rotate_partner_secret(partner uuid, new_hash varchar, keep_until timestamp)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH moved AS (
    UPDATE public."Partner" SET "previousSecretHash" = "secretHash",
      "previousSecretUntil" = keep_until, "secretHash" = new_hash,
      "secretGeneration" = "secretGeneration" + 1, "updatedAt" = now()
    WHERE "id" = partner RETURNING 1
  )
  SELECT count(*) = 1 FROM moved
$$;

-- Spends a refresh token inside the database (the app role cannot read token hashes). A token
-- is good once: spending it again is reuse, which revokes every token of its family.
-- outcome: 'ok' | 'reused' | 'invalid' (unknown, another client's, expired or revoked).
CREATE OR REPLACE FUNCTION veil_spend_refresh_token(candidate varchar, client uuid)
RETURNS TABLE (outcome text, family uuid, scopes varchar[], generation int)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  t public."RefreshToken"%ROWTYPE;
  utc_now timestamp := now() AT TIME ZONE 'UTC';
BEGIN
  SELECT * INTO t FROM public."RefreshToken" r WHERE r."tokenHash" = candidate FOR UPDATE;
  IF NOT FOUND OR t."partnerId" <> client OR t."revokedAt" IS NOT NULL THEN
    RETURN QUERY SELECT 'invalid'::text, NULL::uuid, NULL::varchar[], NULL::int;
  ELSIF t."usedAt" IS NOT NULL THEN
    UPDATE public."RefreshToken" SET "revokedAt" = utc_now
      WHERE "familyId" = t."familyId" AND "revokedAt" IS NULL;
    RETURN QUERY SELECT 'reused'::text, t."familyId", NULL::varchar[], NULL::int;
  ELSIF t."expiresAt" <= utc_now THEN
    RETURN QUERY SELECT 'invalid'::text, NULL::uuid, NULL::varchar[], NULL::int;
  ELSE
    UPDATE public."RefreshToken" SET "usedAt" = utc_now WHERE "id" = t."id";
    RETURN QUERY SELECT 'ok'::text, t."familyId", t."scopes", t."secretGeneration";
  END IF;
END
$$;

-- RFC 7009 for refresh tokens: revokes the token's whole family; returns the family, if any.
CREATE OR REPLACE FUNCTION veil_revoke_refresh_family(candidate varchar, client uuid)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  fam uuid;
BEGIN
  SELECT r."familyId" INTO fam FROM public."RefreshToken" r
    WHERE r."tokenHash" = candidate AND r."partnerId" = client;
  IF fam IS NOT NULL THEN
    UPDATE public."RefreshToken" SET "revokedAt" = now() AT TIME ZONE 'UTC'
      WHERE "familyId" = fam AND "revokedAt" IS NULL;
  END IF;
  RETURN fam;
END
$$;

-- Client authentication also says which secret generation matched (the previous secret's
-- tokens die with its overlap).
DROP FUNCTION veil_partner_secret_matches(varchar, varchar);
CREATE FUNCTION veil_partner_secret_matches(client varchar, candidate varchar)
RETURNS TABLE (id uuid, generation int)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p."id",
         CASE WHEN p."secretHash" = candidate THEN p."secretGeneration" ELSE p."secretGeneration" - 1 END
  FROM public."Partner" p
  WHERE p."clientId" = client AND NOT p."disabled"
    AND (p."secretHash" = candidate
         OR (p."previousSecretHash" = candidate
             AND p."previousSecretUntil" > (now() AT TIME ZONE 'UTC')))
$$;
