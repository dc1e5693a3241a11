-- DropIndex
DROP INDEX "AuditEvent_id_key";

-- AlterTable
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_pkey",
ALTER COLUMN "seq" DROP NOT NULL,
ALTER COLUMN "prevHash" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL,
ADD CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- Sequence-then-seal: rows are inserted unsealed (no seq, prevHash or hash) in the transaction
-- of the action they record, then the sealer chains them. The one change ever allowed to a live
-- audit row is that sealing: seq, prevHash and hash go from null to values, once, and nothing
-- else about the row moves. Everything else stays refused for every role, the owner included.
CREATE OR REPLACE FUNCTION veil_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('veil.audit_retention', true), '') = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'AuditEvent'
     AND OLD."seq" IS NULL AND OLD."hash" IS NULL AND OLD."prevHash" IS NULL
     AND NEW."seq" IS NOT NULL AND NEW."hash" IS NOT NULL AND NEW."prevHash" IS NOT NULL
     AND (to_jsonb(OLD) - 'seq' - 'prevHash' - 'hash') = (to_jsonb(NEW) - 'seq' - 'prevHash' - 'hash') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
