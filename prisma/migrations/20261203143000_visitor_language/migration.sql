-- System lines in the visitor's language only (issue 11 point 8). The widget reports its language (en | zh-CN) on
-- every connection; a system line to the visitor is written in it. The line's key and arguments are kept so the
-- inbox can show the same line in the agent's own language.
ALTER TABLE "visitors" ADD COLUMN "language" TEXT;
ALTER TABLE "messages" ADD COLUMN "system_key" TEXT;
ALTER TABLE "messages" ADD COLUMN "system_args" JSONB;
