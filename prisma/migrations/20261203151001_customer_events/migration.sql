-- Customer events (issue 14, point 5): what a customer did outside the chat, on the visitor's profile.
CREATE TABLE "customer_events" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "visitor_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "data" JSONB,
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customer_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "customer_events_tenant_id_visitor_id_occurred_at_idx" ON "customer_events"("tenant_id", "visitor_id", "occurred_at");
CREATE INDEX "customer_events_visitor_id_idx" ON "customer_events"("visitor_id");
ALTER TABLE "customer_events" ADD CONSTRAINT "customer_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer_events" ADD CONSTRAINT "customer_events_visitor_id_fkey" FOREIGN KEY ("visitor_id") REFERENCES "visitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
