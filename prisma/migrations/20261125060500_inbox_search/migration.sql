-- Inbox search (lib/conversations/inbox.ts listInbox): `ILIKE '%q%'` on message text and on the visitor's name and
-- email. A B-tree cannot serve a pattern with a leading wildcard, so every search read all of a tenant's messages;
-- trigram GIN indexes can (for q of 3+ characters, in any script: pg_trgm makes trigrams of CJK text too).
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database owner may create it.
-- GIN's fast-update pending list (on by default) keeps the cost of indexing each new message small on the send path.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

CREATE INDEX "messages_text_trgm_idx" ON "messages" USING GIN ("text" gin_trgm_ops);
CREATE INDEX "visitors_name_trgm_idx" ON "visitors" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "visitors_email_trgm_idx" ON "visitors" USING GIN ("email" gin_trgm_ops);
