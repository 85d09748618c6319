-- Bots as first-class objects: soft delete (conversations keep their bot), versions, drafts and question sets.
ALTER TABLE "bots" ADD COLUMN "deleted_at" TIMESTAMP(3);

CREATE TABLE "bot_versions" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "bot_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "changed" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "action" TEXT NOT NULL,
    "source_number" INTEGER,
    "author_name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "bot_versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "bot_versions_bot_id_fkey" FOREIGN KEY ("bot_id") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "bot_versions_bot_id_number_key" ON "bot_versions"("bot_id", "number");
CREATE INDEX "bot_versions_tenant_id_bot_id_number_idx" ON "bot_versions"("tenant_id", "bot_id", "number");

CREATE TABLE "bot_drafts" (
    "bot_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "bot_drafts_pkey" PRIMARY KEY ("bot_id"),
    CONSTRAINT "bot_drafts_bot_id_fkey" FOREIGN KEY ("bot_id") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "bot_drafts_tenant_id_idx" ON "bot_drafts"("tenant_id");

CREATE TABLE "bot_questions" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "bot_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "bot_questions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "bot_questions_bot_id_fkey" FOREIGN KEY ("bot_id") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "bot_questions_tenant_id_bot_id_created_at_idx" ON "bot_questions"("tenant_id", "bot_id", "created_at");
