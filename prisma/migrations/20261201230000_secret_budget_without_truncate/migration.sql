-- The per-transaction secret read budget, without a truncation at every commit.
-- The first version kept the tally in an ON COMMIT DELETE ROWS temporary table: PostgreSQL
-- empties such a table by truncating its files when a transaction that touched it commits, about
-- 1 ms a transaction, which every list page and partner API call paid. The tally now lives in
-- one row per kind stamped with the transaction's id (xid8: never reused), in a temporary table
-- without indexes owned by the schema owner: a row stamped by another transaction counts as 0,
-- and an update is HOT on a page the table never outgrows. The app role still can neither write,
-- reset nor pre-create it (the owner check below).
CREATE OR REPLACE FUNCTION veil_take_secret_budget(kind text, n int, cap int)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  budget regclass := to_regclass('pg_temp.veil_secret_budget');
  this_xact xid8 := pg_current_xact_id();
  total int;
BEGIN
  IF budget IS NULL THEN
    CREATE TEMP TABLE veil_secret_budget (kind text NOT NULL, xact xid8 NOT NULL, used int NOT NULL);
  ELSIF (SELECT relowner FROM pg_class WHERE oid = budget) <> (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'veil: secret read budget table is not the owner''s' USING ERRCODE = '42501';
  END IF;
  UPDATE pg_temp.veil_secret_budget b
    SET used = CASE WHEN b.xact = this_xact THEN b.used + n ELSE n END, xact = this_xact
    WHERE b.kind = veil_take_secret_budget.kind
    RETURNING b.used INTO total;
  IF NOT FOUND THEN
    INSERT INTO pg_temp.veil_secret_budget (kind, xact, used) VALUES (kind, this_xact, n);
    total := n;
  END IF;
  IF total > cap THEN
    RAISE EXCEPTION 'veil: at most % % per transaction', cap, kind USING ERRCODE = '42501';
  END IF;
END $$;
REVOKE ALL ON FUNCTION veil_take_secret_budget(text, int, int) FROM PUBLIC;
