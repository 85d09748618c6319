-- Analytics per bot without joining messages to conversations (issue 14): every message carries its conversation's
-- bot. A conversation's bot never changes (lib/conversations opens a conversation for one bot and nothing updates
-- conversations.bot_id; deleting a bot marks it deleted and keeps its conversations; a bot's hard deletion cascades
-- to its conversations and their messages), and the database holds it so: the message's foreign key to its
-- conversation becomes (conversation_id, bot_id) → conversations (id, bot_id), ON UPDATE CASCADE, so a message can
-- never name another bot than its conversation's, and if a conversation's bot ever were changed its messages would
-- follow. The check is one probe per message, as before (on the new unique index instead of the primary key).
--
-- On an existing database this rewrites every message (about a minute per million here): run it in a quiet hour.
-- The two analytics indexes are dropped before the backfill and built after it with bot_id (same names, same keys,
-- so a message costs the same number of index insertions as before).
ALTER TABLE "messages" ADD COLUMN "bot_id" TEXT;
DROP INDEX IF EXISTS "messages_tenant_id_created_at_idx";
DROP INDEX IF EXISTS "messages_tenant_id_role_created_at_idx";
UPDATE "messages" m SET "bot_id" = c."bot_id" FROM "conversations" c WHERE c."id" = m."conversation_id";
ALTER TABLE "messages" ALTER COLUMN "bot_id" SET NOT NULL;

CREATE UNIQUE INDEX "conversations_id_bot_id_key" ON "conversations"("id", "bot_id");
ALTER TABLE "messages" DROP CONSTRAINT "messages_conversation_id_fkey";
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_bot_id_fkey" FOREIGN KEY ("conversation_id", "bot_id")
  REFERENCES "conversations"("id", "bot_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- messages per bot (every role, internal notes left out) and the inbox search's tail: all messages in range, now with
-- their bot, so usage per bot is one index-only pass
CREATE INDEX "messages_tenant_id_created_at_idx" ON "messages"("tenant_id", "created_at")
  INCLUDE ("conversation_id", "bot_id", "role", "internal", "tokens");

-- answers and tokens per model, the A/B variants (bot answers) and first human responses (agent messages) in range;
-- bot_id for the one-bot filter
CREATE INDEX "messages_tenant_id_role_created_at_idx" ON "messages"("tenant_id", "role", "created_at")
  INCLUDE ("conversation_id", "bot_id", "seq", "internal", "answer_kind", "model", "variant", "tokens", "first_token_ms", "duration_ms")
  WHERE "role" IN ('bot', 'agent');

-- kefu_append_messages (20261204103000_answer_trace), same parameters: it now stores each message's bot, read from
-- its conversation's row in the same statement.
CREATE OR REPLACE FUNCTION kefu_append_messages(
  p_tenant TEXT[], p_conversation TEXT[], p_id TEXT[], p_client TEXT[], p_role TEXT[], p_text TEXT[],
  p_author TEXT[], p_model TEXT[], p_variant TEXT[], p_degraded BOOLEAN[], p_internal BOOLEAN[],
  p_answer_kind TEXT[], p_tokens INTEGER[], p_first_token_ms INTEGER[], p_duration_ms INTEGER[],
  p_citations JSONB[], p_open_only BOOLEAN[],
  p_retrieval_ms DOUBLE PRECISION[], p_queue_ms DOUBLE PRECISION[], p_prompt_ms DOUBLE PRECISION[],
  p_generation_ms DOUBLE PRECISION[], p_input_tokens INTEGER[], p_cached_input_tokens INTEGER[]
) RETURNS TABLE (
  r_idx INTEGER, r_outcome TEXT, r_first INTEGER, r_seq INTEGER, r_created_at TIMESTAMPTZ, r_status TEXT,
  r_id TEXT, r_role TEXT, r_text TEXT, r_client_id TEXT, r_model TEXT, r_citations JSONB
) LANGUAGE plpgsql
-- planned once per connection: planning this statement for every batch (custom plans) cost more than running it
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  -- Lock the batch's conversations in id order: writers on several servers never deadlock, and their seq numbering
  -- is serial per conversation. The statement below takes a new snapshot after the locks are held, so it sees every
  -- message that a writer holding them before us committed (the resend check and last_seq are exact).
  PERFORM 1 FROM conversations c WHERE c.id = ANY (p_conversation) ORDER BY c.id FOR UPDATE;

  RETURN QUERY
  WITH input AS (
    SELECT * FROM unnest(p_tenant, p_conversation, p_id, p_client, p_role, p_text, p_author, p_model, p_variant,
                         p_degraded, p_internal, p_answer_kind, p_tokens, p_first_token_ms, p_duration_ms,
                         p_citations, p_open_only, p_retrieval_ms, p_queue_ms, p_prompt_ms, p_generation_ms,
                         p_input_tokens, p_cached_input_tokens)
      WITH ORDINALITY AS i(tenant_id, conversation_id, id, client_id, role, text, author_id, model, variant,
                           degraded, internal, answer_kind, tokens, first_token_ms, duration_ms, citations,
                           open_only, retrieval_ms, queue_ms, prompt_ms, generation_ms, input_tokens,
                           cached_input_tokens, idx)
  ), checked AS (
    SELECT i.*, c.bot_id, c.last_seq, c.status AS conversation_status,
           CASE WHEN c.id IS NULL OR c.tenant_id <> i.tenant_id THEN 'not_found'
                WHEN i.open_only AND c.status = 'closed' THEN 'closed' END AS refused
    FROM input i
    -- LATERAL … LIMIT 1: one index probe per message, whatever the planner believes about the tables' sizes (with
    -- stale statistics it hash-joined the whole messages table to every batch)
    LEFT JOIN LATERAL (SELECT c.id, c.tenant_id, c.bot_id, c.last_seq, c.status FROM conversations c
                       WHERE c.id = i.conversation_id LIMIT 1) c ON true
  ), keyed AS (
    SELECT k.*, m.id AS stored_id, m.seq AS stored_seq, m.role AS stored_role, m.text AS stored_text,
           m.created_at AS stored_created_at, m.model AS stored_model, m.citations AS stored_citations,
           CASE WHEN k.refused IS NULL AND k.client_id IS NOT NULL THEN
             min(k.idx) FILTER (WHERE k.refused IS NULL) OVER (PARTITION BY k.conversation_id, k.client_id)
           END AS first_idx
    FROM checked k
    LEFT JOIN LATERAL (SELECT m.id, m.seq, m.role, m.text, m.created_at, m.model, m.citations FROM messages m
                       WHERE k.refused IS NULL AND m.conversation_id = k.conversation_id AND m.client_id = k.client_id
                       LIMIT 1) m ON true
  ), fresh AS (
    SELECT k.*, (k.last_seq + row_number() OVER (PARTITION BY k.conversation_id ORDER BY k.idx))::INTEGER AS new_seq
    FROM keyed k
    WHERE k.refused IS NULL AND k.stored_id IS NULL AND (k.first_idx IS NULL OR k.first_idx = k.idx)
  ), inserted AS (
    -- bot_id: the conversation's, read with its row (the row locked above), so a message's bot is its conversation's
    INSERT INTO messages (id, tenant_id, conversation_id, bot_id, seq, client_id, role, text, author_id, model, variant,
                          degraded, internal, answer_kind, tokens, first_token_ms, duration_ms, citations,
                          retrieval_ms, queue_ms, prompt_ms, generation_ms, input_tokens, cached_input_tokens)
    SELECT f.id, f.tenant_id, f.conversation_id, f.bot_id, f.new_seq, f.client_id, f.role, f.text, f.author_id, f.model,
           f.variant, coalesce(f.degraded, false), coalesce(f.internal, false), f.answer_kind, f.tokens,
           f.first_token_ms, f.duration_ms, f.citations, f.retrieval_ms, f.queue_ms, f.prompt_ms, f.generation_ms,
           f.input_tokens, f.cached_input_tokens
    FROM fresh f ORDER BY f.idx
    RETURNING messages.id, messages.created_at
  ), bumped AS (
    UPDATE conversations c SET last_seq = s.top, updated_at = now()
    FROM (SELECT f.conversation_id, max(f.new_seq) AS top FROM fresh f GROUP BY f.conversation_id) s
    WHERE c.id = s.conversation_id
  )
  SELECT k.idx::INTEGER,
         CASE WHEN k.refused IS NOT NULL THEN k.refused
              WHEN k.stored_id IS NOT NULL THEN 'stored'
              WHEN k.first_idx IS NOT NULL AND k.first_idx <> k.idx THEN 'same'
              ELSE 'new' END,
         k.first_idx::INTEGER,
         coalesce(f.new_seq, k.stored_seq),
         coalesce(ins.created_at, k.stored_created_at) AT TIME ZONE 'UTC',
         k.conversation_status,
         k.stored_id, k.stored_role, k.stored_text, k.client_id, k.stored_model, k.stored_citations
  FROM keyed k
  LEFT JOIN fresh f ON f.idx = k.idx
  LEFT JOIN inserted ins ON ins.id = f.id;
END
$$;
