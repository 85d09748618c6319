-- Knowledge gaps are counted per normalised question (lower-cased, punctuation and spacing folded), so "Do you
-- ship to Mars?" and "do you ship to mars" are one gap asked twice. The key is computed by lib/knowledge/gaps.ts.
ALTER TABLE "knowledge_gaps" ADD COLUMN "question_key" TEXT;
UPDATE "knowledge_gaps" SET "question_key" = "id" WHERE "question_key" IS NULL;
ALTER TABLE "knowledge_gaps" ALTER COLUMN "question_key" SET NOT NULL;
CREATE UNIQUE INDEX "knowledge_gaps_tenant_id_bot_id_question_key_key" ON "knowledge_gaps"("tenant_id", "bot_id", "question_key");
CREATE INDEX "knowledge_gaps_bot_id_idx" ON "knowledge_gaps"("bot_id");
