-- The workspace's time zone (an IANA name) for console times; NULL = the server's own zone (TZ).
ALTER TABLE "tenants" ADD COLUMN "time_zone" TEXT;
