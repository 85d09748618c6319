-- Analytics on a million messages (lib/analytics, bench/analytics.ts): the two analytics indexes on messages become
-- covering, so each statement reads only index pages (an index-only scan once VACUUM has marked the pages visible,
-- which autovacuum does after bulk inserts). They replace the indexes of the same name and keys, so a message
-- still costs the same number of index insertions; the role index now leaves visitor and system messages out.

-- messages per bot (every role, internal notes left out) and the inbox search's tail: all messages in range
DROP INDEX IF EXISTS "messages_tenant_id_created_at_idx";
CREATE INDEX "messages_tenant_id_created_at_idx" ON "messages"("tenant_id", "created_at")
  INCLUDE ("conversation_id", "role", "internal", "tokens");

-- answers and tokens per model, the A/B variants (bot answers) and first human responses (agent messages) in range
DROP INDEX IF EXISTS "messages_tenant_id_role_created_at_idx";
CREATE INDEX "messages_tenant_id_role_created_at_idx" ON "messages"("tenant_id", "role", "created_at")
  INCLUDE ("conversation_id", "seq", "internal", "answer_kind", "model", "variant", "tokens", "first_token_ms", "duration_ms")
  WHERE "role" IN ('bot', 'agent');

-- first human response: the visitor message an agent answered is the latest visitor message before it, one backward
-- step on (conversation_id, seq) per conversation; carrying role and time makes that step index-only. The key (and so
-- what is unique) is unchanged.
DROP INDEX IF EXISTS "messages_conversation_id_seq_key";
CREATE UNIQUE INDEX "messages_conversation_id_seq_key" ON "messages"("conversation_id", "seq")
  INCLUDE ("tenant_id", "role", "created_at");

-- conversations per day and outcomes: conversations started in range, with what both count
DROP INDEX IF EXISTS "conversations_tenant_id_created_at_idx";
CREATE INDEX "conversations_tenant_id_created_at_idx" ON "conversations"("tenant_id", "created_at")
  INCLUDE ("bot_id", "status", "handoff_reason");

-- CSAT: rated conversations by the moment they finished (closed, else last updated); a rating is given once, at
-- close, so the index holds only rated conversations and costs the open ones' updates nothing (the two columns of
-- the expression are included too: PostgreSQL reads an expression index alone only when they are there)
CREATE INDEX "conversations_tenant_id_rated_at_idx" ON "conversations"("tenant_id", (COALESCE("closed_at", "updated_at")))
  INCLUDE ("closed_at", "updated_at", "bot_id", "handoff_reason", "rating") WHERE "rating" IS NOT NULL;
