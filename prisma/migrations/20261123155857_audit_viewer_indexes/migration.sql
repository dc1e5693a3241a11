-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetIds_idx" ON "AuditEvent" USING GIN ("targetIds");

-- CreateIndex
CREATE INDEX "AuditEvent_fields_idx" ON "AuditEvent" USING GIN ("fields" jsonb_path_ops);
