-- Key rotation reads wrapped keys after a cursor (the last id of the previous batch): each batch
-- starts where the last stopped instead of walking past every row already re-wrapped (which made
-- a rotation quadratic in the number of customers). Same budget: one page (100) per transaction.
CREATE OR REPLACE FUNCTION veil_keys_to_rewrap(active_key varchar, batch int, after_id uuid)
RETURNS TABLE ("id" uuid, "dataKeyId" varchar, "dataKeyWrapped" bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM veil_take_secret_budget('customer keys', greatest(1, batch), 100);
  RETURN QUERY SELECT c."id", c."dataKeyId", c."dataKeyWrapped" FROM public."Customer" c
    WHERE c."dataKeyId" <> active_key AND (after_id IS NULL OR c."id" > after_id)
    ORDER BY c."id" LIMIT greatest(1, batch);
END $$;
REVOKE ALL ON FUNCTION veil_keys_to_rewrap(varchar, int, uuid) FROM PUBLIC;

-- Whoever could call the old accessor (the application role, `veil db:roles`) may call this one.
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT DISTINCT p.grantee FROM information_schema.routine_privileges p
           WHERE p.routine_schema = 'public' AND p.routine_name = 'veil_keys_to_rewrap'
             AND p.privilege_type = 'EXECUTE' AND p.grantee <> current_user
             AND p.grantee <> 'PUBLIC' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION veil_keys_to_rewrap(varchar, int, uuid) TO %I', r.grantee);
  END LOOP;
END $$;

DROP FUNCTION veil_keys_to_rewrap(varchar, int);
