-- Analytics (lib/analytics): every figure is read from the tenant's rows in a time range.
-- conversations per day, outcomes and CSAT: conversations started in range
CREATE INDEX "conversations_tenant_id_created_at_idx" ON "conversations"("tenant_id", "created_at");
-- resolution time: conversations closed in range
CREATE INDEX "conversations_tenant_id_closed_at_idx" ON "conversations"("tenant_id", "closed_at");
-- answers per model, A/B variants and first human responses: one role's messages in range
CREATE INDEX "messages_tenant_id_role_created_at_idx" ON "messages"("tenant_id", "role", "created_at");
-- knowledge gaps per day
CREATE INDEX "knowledge_gaps_tenant_id_created_at_idx" ON "knowledge_gaps"("tenant_id", "created_at");
