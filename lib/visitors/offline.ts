// "Leave a message" rows as the widget stored them; lib/answering/left-message.ts stores and shows them.
import { db } from "../db/client";

export function listOfflineMessages(tenantId: string, take = 100) {
  return db().offlineMessage.findMany({
    where: { tenantId },
    select: {
      id: true,
      botId: true,
      visitorId: true,
      name: true,
      email: true,
      text: true,
      createdAt: true,
      handledAt: true,
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(take, 500),
  });
}
