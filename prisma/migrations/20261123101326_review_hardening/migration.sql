-- AlterTable
ALTER TABLE "RevealRequest" DROP COLUMN "purposeText",
ADD COLUMN     "caseRef" VARCHAR(32) NOT NULL DEFAULT 'LEGACY';
ALTER TABLE "RevealRequest" ALTER COLUMN "caseRef" DROP DEFAULT;

-- AlterTable
ALTER TABLE "SignInEvent" ALTER COLUMN "userId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "passwordResetAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RevokedSession" (
    "sid" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RevokedSession_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE INDEX "RevokedSession_userId_expiresAt_idx" ON "RevokedSession"("userId", "expiresAt");

-- AddForeignKey
ALTER TABLE "RevokedSession" ADD CONSTRAINT "RevokedSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Secret accessors, second version (security review, issue #9).
-- 1. Password hashes never leave the database: the app asks for the salt (useless alone), computes
--    bcrypt itself, and asks the database whether the result matches.
-- 2. Sealed TOTP secrets: one user per transaction. Wrapped data keys: at most one page (100) per
--    transaction. A lateral join or an array of every id is one transaction, so it fails.
-- 3. Every function pins search_path with pg_temp last, so a temporary table cannot shadow a real one.
DROP FUNCTION IF EXISTS veil_user_credentials(varchar, uuid);

-- Per-transaction read budget, kept in a temporary table owned by the schema owner (the app role
-- cannot write or reset it; ON COMMIT DELETE ROWS empties it when the transaction ends).
CREATE OR REPLACE FUNCTION veil_take_secret_budget(kind text, n int, cap int)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  budget regclass := to_regclass('pg_temp.veil_secret_reads');
  total int;
BEGIN
  IF budget IS NULL THEN
    CREATE TEMP TABLE veil_secret_reads (kind text PRIMARY KEY, used int NOT NULL) ON COMMIT DELETE ROWS;
  ELSIF (SELECT relowner FROM pg_class WHERE oid = budget) <> (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'veil: secret read budget table is not the owner''s' USING ERRCODE = '42501';
  END IF;
  INSERT INTO pg_temp.veil_secret_reads AS r (kind, used) VALUES (kind, n)
    ON CONFLICT ON CONSTRAINT veil_secret_reads_pkey DO UPDATE SET used = r.used + excluded.used
    RETURNING r.used INTO total;
  IF total > cap THEN
    RAISE EXCEPTION 'veil: at most % % per transaction', cap, kind USING ERRCODE = '42501';
  END IF;
END $$;
REVOKE ALL ON FUNCTION veil_take_secret_budget(text, int, int) FROM PUBLIC;

CREATE OR REPLACE FUNCTION veil_customer_keys(ids uuid[])
RETURNS TABLE ("id" uuid, "dataKeyId" varchar, "dataKeyWrapped" bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM veil_take_secret_budget('customer keys', coalesce(cardinality(ids), 0), 100);
  RETURN QUERY SELECT c."id", c."dataKeyId", c."dataKeyWrapped" FROM public."Customer" c WHERE c."id" = ANY (ids);
END $$;

CREATE OR REPLACE FUNCTION veil_keys_to_rewrap(active_key varchar, batch int)
RETURNS TABLE ("id" uuid, "dataKeyId" varchar, "dataKeyWrapped" bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM veil_take_secret_budget('customer keys', greatest(1, batch), 100);
  RETURN QUERY SELECT c."id", c."dataKeyId", c."dataKeyWrapped" FROM public."Customer" c
    WHERE c."dataKeyId" <> active_key ORDER BY c."id" LIMIT greatest(1, batch);
END $$;

-- bcrypt's "$2b$NN$" + 22-character salt: what the app needs to compute a candidate hash.
CREATE OR REPLACE FUNCTION veil_password_salt(user_id uuid)
RETURNS varchar
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT left(u."passwordHash", 29) FROM public."User" u WHERE u."id" = user_id
$$;

CREATE OR REPLACE FUNCTION veil_password_matches(user_id uuid, candidate varchar)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce((SELECT u."passwordHash" IS NOT NULL AND u."passwordHash" = candidate
                   FROM public."User" u WHERE u."id" = user_id), false)
$$;

CREATE OR REPLACE FUNCTION veil_user_totp_secret(user_id uuid)
RETURNS varchar
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM veil_take_secret_budget('user secrets', 1, 1);
  RETURN (SELECT u."totpSecretSealed" FROM public."User" u WHERE u."id" = user_id);
END $$;
