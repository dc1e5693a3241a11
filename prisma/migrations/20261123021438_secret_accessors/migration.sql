-- Secret material behind accessor functions. The application role gets no SELECT on these
-- columns (see `veil db:roles`); these SECURITY DEFINER functions, owned by the schema owner,
-- return exactly what one operation needs, so an injected query cannot dump them.

CREATE OR REPLACE FUNCTION veil_customer_keys(ids uuid[])
RETURNS TABLE ("id" uuid, "dataKeyId" varchar, "dataKeyWrapped" bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c."id", c."dataKeyId", c."dataKeyWrapped" FROM "Customer" c WHERE c."id" = ANY (ids)
$$;

CREATE OR REPLACE FUNCTION veil_keys_to_rewrap(active_key varchar, batch int)
RETURNS TABLE ("id" uuid, "dataKeyId" varchar, "dataKeyWrapped" bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c."id", c."dataKeyId", c."dataKeyWrapped" FROM "Customer" c
  WHERE c."dataKeyId" <> active_key ORDER BY c."id" LIMIT greatest(1, least(batch, 5000))
$$;

CREATE OR REPLACE FUNCTION veil_user_credentials(user_email varchar DEFAULT NULL, user_id uuid DEFAULT NULL)
RETURNS TABLE ("id" uuid, "passwordHash" varchar, "totpSecretSealed" varchar)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u."id", u."passwordHash", u."totpSecretSealed" FROM "User" u
  WHERE (user_email IS NOT NULL AND u."email" = user_email) OR (user_id IS NOT NULL AND u."id" = user_id)
  LIMIT 1
$$;
