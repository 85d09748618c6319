// "Leave a message": when no one can answer now, the visitor leaves their email and question for later.
import { db } from "../db/client";
import { publishEvent } from "../webhooks/publish";

export async function leaveOfflineMessage(tenantId: string, botId: string, visitorId: string, input: { name?: string; email: string; text: string }) {
  const [row] = await db().$transaction([
    db().offlineMessage.create({
      data: { tenantId, botId, visitorId, name: input.name || null, email: input.email, text: input.text },
      select: { id: true, name: true, email: true, text: true, createdAt: true },
    }),
    // the form's name and email are the visitor's too, so the inbox shows who left it
    db().visitor.updateMany({ where: { id: visitorId, tenantId }, data: { email: input.email, ...(input.name ? { name: input.name } : {}) } }),
  ]);
  await publishEvent(tenantId, "message.left", { offlineMessageId: row.id, botId, visitorId, name: row.name, email: row.email, text: row.text });
  return row;
}

export function listOfflineMessages(tenantId: string, take = 100) {
  return db().offlineMessage.findMany({
    where: { tenantId },
    select: { id: true, botId: true, visitorId: true, name: true, email: true, text: true, createdAt: true, handledAt: true },
    orderBy: { createdAt: "desc" },
    take: Math.min(take, 500),
  });
}
