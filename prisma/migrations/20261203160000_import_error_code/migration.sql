-- A failed import's stable error code next to its English message, so the console can show the failure in the
-- reader's language (the message keeps the exact detail: the host, the size, the line).
ALTER TABLE "import_jobs" ADD COLUMN "error_code" TEXT;
