import { z } from "zod";
import { db } from "../db/client";
import { publishToAgents } from "../realtime";
import { getConversation } from ".";

const label = z.string().trim().min(1, "a label cannot be empty").max(50, "a label has at most 50 characters");
export const labelsChangeSchema = z.object({
  conversationId: z.string().min(1).max(100),
  add: z.array(label).max(20).optional(),
  remove: z.array(label).max(20).optional(),
});

/** Adds and removes labels on a conversation (at most 20 per conversation); the tenant's agents see the change. */
export async function changeLabels(tenantId: string, input: z.infer<typeof labelsChangeSchema>) {
  const conv = await getConversation(tenantId, input.conversationId);
  const { labels: current } = await db().conversation.findUniqueOrThrow({
    where: { id: conv.id },
    select: { labels: true },
  });
  const removed = new Set(input.remove ?? []);
  const labels = [...new Set([...current, ...(input.add ?? [])])].filter((l) => !removed.has(l)).slice(0, 20);
  await db().conversation.updateMany({ where: { id: conv.id, tenantId }, data: { labels } });
  publishToAgents(tenantId, "labels", { conversationId: conv.id, labels });
  return labels;
}

/** Every label used in the tenant, for the inbox's filter. */
export async function tenantLabels(tenantId: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ label: string }[]>`
    SELECT DISTINCT unnest(labels) AS label FROM conversations WHERE tenant_id = ${tenantId} ORDER BY 1 LIMIT 200`;
  return rows.map((r) => r.label);
}
