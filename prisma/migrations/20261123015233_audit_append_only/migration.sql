-- CreateTable
CREATE TABLE "AuditArchive" (
    "seq" BIGINT NOT NULL,
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorType" VARCHAR(16) NOT NULL,
    "actorId" VARCHAR(64),
    "action" VARCHAR(64) NOT NULL,
    "targetType" VARCHAR(32),
    "targetId" VARCHAR(64),
    "targetIds" VARCHAR(64)[],
    "fields" JSONB,
    "purpose" VARCHAR(200),
    "outcome" VARCHAR(16) NOT NULL,
    "requestId" VARCHAR(64),
    "ip" VARCHAR(64),
    "prevHash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,

    CONSTRAINT "AuditArchive_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" UUID NOT NULL,
    "throughSeq" BIGINT NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signature" VARCHAR(64) NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditArchive_id_key" ON "AuditArchive"("id");

-- CreateIndex
CREATE UNIQUE INDEX "AuditArchive_hash_key" ON "AuditArchive"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_throughSeq_key" ON "AuditCheckpoint"("throughSeq");

-- Append-only audit: UPDATE, DELETE and TRUNCATE are refused for every role, the owner included,
-- unless the retention procedure (`veil audit:archive`, run as the owner) opens its own
-- transaction-local window. The application role additionally holds only SELECT and INSERT.
CREATE OR REPLACE FUNCTION veil_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('veil.audit_retention', true), '') = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "AuditEvent_append_only_rows" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION veil_audit_append_only();
CREATE TRIGGER "AuditEvent_append_only_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION veil_audit_append_only();
CREATE TRIGGER "AuditArchive_append_only_rows" BEFORE UPDATE OR DELETE ON "AuditArchive"
  FOR EACH ROW EXECUTE FUNCTION veil_audit_append_only();
CREATE TRIGGER "AuditArchive_append_only_truncate" BEFORE TRUNCATE ON "AuditArchive"
  FOR EACH STATEMENT EXECUTE FUNCTION veil_audit_append_only();
