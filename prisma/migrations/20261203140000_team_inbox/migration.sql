-- Issue 11, points 4-6: left messages become conversations agents see (contact, page, email replies recorded),
-- ratings keep their moment, inactive conversations close themselves after a per-tenant time.
ALTER TABLE "tenants" ADD COLUMN "inactivity_minutes" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "visitors" ADD COLUMN "phone" TEXT;
ALTER TABLE "conversations" ADD COLUMN "rated_at" TIMESTAMP(3);
ALTER TABLE "conversations" ADD COLUMN "left_message_at" TIMESTAMP(3);
ALTER TABLE "conversations" ADD COLUMN "closed_reason" TEXT;
UPDATE "conversations" SET "rated_at" = "closed_at" WHERE "rating" IS NOT NULL;
CREATE INDEX "conversations_status_updated_at_idx" ON "conversations"("status", "updated_at");
ALTER TABLE "offline_messages" ADD COLUMN "phone" TEXT;
ALTER TABLE "offline_messages" ADD COLUMN "page" TEXT;
ALTER TABLE "offline_messages" ADD COLUMN "conversation_id" TEXT;

CREATE TABLE "email_replies" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "to_email" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),
    CONSTRAINT "email_replies_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "email_replies_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "email_replies_tenant_id_conversation_id_created_at_idx" ON "email_replies"("tenant_id", "conversation_id", "created_at");
