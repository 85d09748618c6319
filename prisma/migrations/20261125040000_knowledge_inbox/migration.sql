-- Knowledge (imports, vectors, gaps, confidence, fast path) and conversations (identified visitors, handoff rules,
-- labels, ratings, notes, canned replies, leave-a-message, routing).
ALTER TABLE "tenants" ADD COLUMN "widget_secret" TEXT;
ALTER TABLE "tenants" ADD COLUMN "routing_mode" TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE "memberships" ADD COLUMN "max_chats" INTEGER NOT NULL DEFAULT 5;

ALTER TABLE "bots" ADD COLUMN "confidence_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.3;
ALTER TABLE "bots" ADD COLUMN "fast_path" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "bots" ADD COLUMN "fast_path_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.85;
ALTER TABLE "bots" ADD COLUMN "color" TEXT NOT NULL DEFAULT '#2563eb';
ALTER TABLE "bots" ADD COLUMN "position" TEXT NOT NULL DEFAULT 'right';
ALTER TABLE "bots" ADD COLUMN "avatar_url" TEXT;
ALTER TABLE "bots" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE "bots" ADD COLUMN "allowed_origins" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "bots" ADD COLUMN "pre_chat_form" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "bots" ADD COLUMN "handoff_keywords" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "bots" ADD COLUMN "handoff_after_failures" INTEGER NOT NULL DEFAULT 2;
ALTER TABLE "bots" ADD COLUMN "business_hours" JSONB;

ALTER TABLE "knowledge_entries" ADD COLUMN "source_key" TEXT;
ALTER TABLE "knowledge_entries" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'faq';
ALTER TABLE "knowledge_entries" ADD COLUMN "embedding" BYTEA;
ALTER TABLE "knowledge_entries" ADD COLUMN "embedding_model" TEXT;
CREATE UNIQUE INDEX "knowledge_entries_knowledge_base_id_source_key_key" ON "knowledge_entries"("knowledge_base_id", "source_key");

ALTER TABLE "visitors" ADD COLUMN "external_id" TEXT;
ALTER TABLE "visitors" ADD COLUMN "name" TEXT;
ALTER TABLE "visitors" ADD COLUMN "email" TEXT;
ALTER TABLE "visitors" ADD COLUMN "last_page" TEXT;
ALTER TABLE "visitors" ADD COLUMN "user_agent" TEXT;
ALTER TABLE "visitors" ADD COLUMN "last_seen_at" TIMESTAMP(3);
CREATE UNIQUE INDEX "visitors_tenant_id_external_id_key" ON "visitors"("tenant_id", "external_id");

ALTER TABLE "conversations" ADD COLUMN "labels" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "conversations" ADD COLUMN "handoff_reason" TEXT;
ALTER TABLE "conversations" ADD COLUMN "summary" TEXT;
ALTER TABLE "conversations" ADD COLUMN "rating" INTEGER;
ALTER TABLE "conversations" ADD COLUMN "rating_comment" TEXT;
ALTER TABLE "conversations" ADD COLUMN "bot_failures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "conversations" ADD COLUMN "agent_read_seq" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "conversations" ADD COLUMN "visitor_read_seq" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "conversations_tenant_id_status_updated_at_idx" ON "conversations"("tenant_id", "status", "updated_at");
CREATE INDEX "conversations_assignee_id_idx" ON "conversations"("assignee_id");

ALTER TABLE "messages" ADD COLUMN "internal" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "messages" ADD COLUMN "answer_kind" TEXT;

CREATE TABLE "knowledge_gaps" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "bot_id" TEXT NOT NULL,
    "conversation_id" TEXT,
    "question" TEXT NOT NULL,
    "best_score" DOUBLE PRECISION NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_asked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),
    "entry_id" TEXT,
    CONSTRAINT "knowledge_gaps_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "knowledge_gaps_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "knowledge_gaps_bot_id_fkey" FOREIGN KEY ("bot_id") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "knowledge_gaps_tenant_id_resolved_at_last_asked_at_idx" ON "knowledge_gaps"("tenant_id", "resolved_at", "last_asked_at");

CREATE TABLE "import_jobs" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "knowledge_base_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "import_jobs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "import_jobs_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "import_jobs_tenant_id_created_at_idx" ON "import_jobs"("tenant_id", "created_at");

CREATE TABLE "canned_replies" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "shortcut" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "canned_replies_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "canned_replies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "canned_replies_tenant_id_shortcut_key" ON "canned_replies"("tenant_id", "shortcut");

CREATE TABLE "offline_messages" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "bot_id" TEXT NOT NULL,
    "visitor_id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handled_at" TIMESTAMP(3),
    CONSTRAINT "offline_messages_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "offline_messages_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "offline_messages_visitor_id_fkey" FOREIGN KEY ("visitor_id") REFERENCES "visitors"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "offline_messages_tenant_id_created_at_idx" ON "offline_messages"("tenant_id", "created_at");
