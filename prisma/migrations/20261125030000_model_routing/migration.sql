-- Per-bot model routing: A/B split, light model under load, LoRA adapter; recorded on each bot message.
ALTER TABLE "bots" ADD COLUMN "ab_model_id" TEXT;
ALTER TABLE "bots" ADD COLUMN "ab_share" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "bots" ADD COLUMN "light_model_id" TEXT;
ALTER TABLE "bots" ADD COLUMN "lora_file" TEXT;
ALTER TABLE "messages" ADD COLUMN "variant" TEXT;
ALTER TABLE "messages" ADD COLUMN "degraded" BOOLEAN NOT NULL DEFAULT false;
