import { db } from "../db/client";

/** One more bot answer that could not answer; the new count of them in a row. */
export async function countFailure(tenantId: string, conversationId: string): Promise<number> {
  const rows = await db().$queryRaw<{ bot_failures: number }[]>`
    UPDATE "conversations" SET "bot_failures" = "bot_failures" + 1
    WHERE "id" = ${conversationId} AND "tenant_id" = ${tenantId} RETURNING "bot_failures"`;
  return rows[0]?.bot_failures ?? 0;
}

/** A good answer: the "failed N times" rule counts afresh. */
export async function resetFailures(tenantId: string, conversationId: string) {
  await db().conversation.updateMany({
    where: { id: conversationId, tenantId, botFailures: { gt: 0 } },
    data: { botFailures: 0 },
  });
}
