-- CreateTable
CREATE TABLE "Partner" (
    "id" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "clientId" VARCHAR(40) NOT NULL,
    "secretHash" VARCHAR(64) NOT NULL,
    "previousSecretHash" VARCHAR(64),
    "previousSecretUntil" TIMESTAMP(3),
    "profile" VARCHAR(32) NOT NULL,
    "scopes" VARCHAR(32)[],
    "purpose" VARCHAR(48) NOT NULL,
    "perMinute" INTEGER NOT NULL DEFAULT 60,
    "perDay" INTEGER NOT NULL DEFAULT 10000,
    "ipAllowList" VARCHAR(64)[],
    "corsOrigins" VARCHAR(200)[],
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Partner_clientId_key" ON "Partner"("clientId");

-- Partner secrets are checked inside the database: the app role has no SELECT on the hashes
-- (see `veil db:roles`); this returns the partner's id when the hash matches the current secret,
-- or the previous one within its overlap, and the partner is enabled.
CREATE OR REPLACE FUNCTION veil_partner_secret_matches(client varchar, candidate varchar)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p."id" FROM public."Partner" p
  WHERE p."clientId" = client AND NOT p."disabled"
    AND (p."secretHash" = candidate
         OR (p."previousSecretHash" = candidate
             AND p."previousSecretUntil" > (now() AT TIME ZONE 'UTC')))
$$;

-- Rotation moves the current hash to "previous" without the app role ever reading it.
CREATE OR REPLACE FUNCTION veil_rotate_partner_secret(partner uuid, new_hash varchar, keep_until timestamp)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH moved AS (
    UPDATE public."Partner" SET "previousSecretHash" = "secretHash",
      "previousSecretUntil" = keep_until, "secretHash" = new_hash, "updatedAt" = now()
    WHERE "id" = partner RETURNING 1
  )
  SELECT count(*) = 1 FROM moved
$$;
