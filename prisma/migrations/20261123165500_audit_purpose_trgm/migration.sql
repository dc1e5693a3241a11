-- Trigram search for the audit viewer's purpose / case-reference filter (ILIKE '%…%').
-- pg_trgm is a trusted extension: the schema owner can create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "AuditEvent_purpose_idx" ON "AuditEvent" USING GIN ("purpose" gin_trgm_ops);
