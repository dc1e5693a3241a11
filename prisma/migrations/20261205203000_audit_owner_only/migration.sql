-- Audit rows stay where they were sealed (second security review, item 5).
-- Before: the trigger honoured `veil.audit_retention`, a setting any role can set; the app role
-- held UPDATE on seq, prevHash and hash and wrote AuditHead, so it could move a row out of the
-- chain and re-link the rest. Now:
--   * the retention window is the owner's alone (the role is checked, not only the setting), and
--     inside it only DELETE (archiving) is allowed;
--   * a row is sealed once, to a position after the head, and never changes afterwards;
--   * a row is inserted unsealed (it cannot claim a position);
--   * sealing and the head are written only through the owner's functions below, which check
--     that the positions are the next ones and that each row links to the one before.

CREATE OR REPLACE FUNCTION veil_is_table_owner(rel oid) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = rel), 'USAGE')
$$;

CREATE OR REPLACE FUNCTION veil_audit_append_only() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE')
     AND coalesce(current_setting('veil.audit_retention', true), '') = 'on'
     AND veil_is_table_owner(TG_RELID) THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW."seq" IS NULL AND NEW."prevHash" IS NULL AND NEW."hash" IS NULL THEN RETURN NEW; END IF;
    RAISE EXCEPTION 'AuditEvent is append-only: a row is inserted unsealed'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'AuditEvent'
     AND OLD."seq" IS NULL AND OLD."hash" IS NULL AND OLD."prevHash" IS NULL
     AND NEW."seq" IS NOT NULL AND NEW."hash" IS NOT NULL AND NEW."prevHash" IS NOT NULL
     AND NEW."seq" > (SELECT h."seq" FROM "AuditHead" h WHERE h."id" = 1)
     AND (to_jsonb(OLD) - 'seq' - 'prevHash' - 'hash') = (to_jsonb(NEW) - 'seq' - 'prevHash' - 'hash') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "AuditEvent_unsealed_inserts" BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION veil_audit_append_only();

-- The sealer's lock on the chain head (the app role may read the head, never write it).
CREATE OR REPLACE FUNCTION veil_lock_audit_head(skip_locked boolean)
RETURNS TABLE (seq bigint, hash varchar)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF skip_locked THEN
    RETURN QUERY SELECT h."seq", h."hash" FROM "AuditHead" h WHERE h."id" = 1 FOR UPDATE SKIP LOCKED;
  ELSE
    RETURN QUERY SELECT h."seq", h."hash" FROM "AuditHead" h WHERE h."id" = 1 FOR UPDATE;
  END IF;
END
$$;

-- Seals rows at the next positions after the head, each linked to the one before, and moves the
-- head. The hashes themselves are the caller's (verification recomputes every one).
CREATE OR REPLACE FUNCTION veil_seal_audit(ids uuid[], seqs bigint[], prevs varchar[], hashes varchar[])
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n int := coalesce(array_length(ids, 1), 0);
  head_seq bigint;
  head_hash varchar;
  sealed int;
BEGIN
  IF n = 0 THEN RETURN 0; END IF;
  IF coalesce(array_length(seqs, 1), 0) <> n OR coalesce(array_length(prevs, 1), 0) <> n
     OR coalesce(array_length(hashes, 1), 0) <> n THEN
    RAISE EXCEPTION 'veil_seal_audit: the arrays differ in length' USING ERRCODE = '22023';
  END IF;
  SELECT h."seq", h."hash" INTO head_seq, head_hash FROM "AuditHead" h WHERE h."id" = 1 FOR UPDATE;
  FOR i IN 1..n LOOP
    IF seqs[i] IS DISTINCT FROM head_seq + i THEN
      RAISE EXCEPTION 'veil_seal_audit: seq % is not the next position', seqs[i] USING ERRCODE = '22023';
    END IF;
    IF prevs[i] IS DISTINCT FROM (CASE WHEN i = 1 THEN head_hash ELSE hashes[i - 1] END) THEN
      RAISE EXCEPTION 'veil_seal_audit: row % does not link to the one before', seqs[i] USING ERRCODE = '22023';
    END IF;
  END LOOP;
  UPDATE "AuditEvent" e SET "seq" = v.seq, "prevHash" = v.prev, "hash" = v.hash
  FROM (SELECT unnest(ids) AS id, unnest(seqs) AS seq, unnest(prevs) AS prev, unnest(hashes) AS hash) v
  WHERE e."id" = v.id AND e."seq" IS NULL;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> n THEN
    RAISE EXCEPTION 'veil_seal_audit: % of % rows were not unsealed', n - sealed, n USING ERRCODE = '22023';
  END IF;
  UPDATE "AuditHead" SET "seq" = head_seq + n, "hash" = hashes[n] WHERE "id" = 1;
  RETURN n;
END
$$;

REVOKE ALL ON FUNCTION veil_lock_audit_head(boolean), veil_seal_audit(uuid[], bigint[], varchar[], varchar[]) FROM PUBLIC;
