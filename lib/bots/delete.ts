import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { endBotWidgets } from "../realtime";
import { getBot } from ".";

// a widget that answered a visitor this recently is taken as live on some page
const LIVE_WINDOW_MS = 24 * 60 * 60 * 1000;

export const deleteBotQuerySchema = z.object({
  force: z
    .enum(["true", "false"])
    .optional()
    .describe("true: delete even though the widget is live (its open conversations are closed)"),
});

/** How much a deletion would stop: open conversations and whether a visitor used the widget in the last day. */
export async function botUsage(tenantId: string, botId: string) {
  await getBot(tenantId, botId);
  const since = new Date(Date.now() - LIVE_WINDOW_MS);
  const [open, recent, total] = await Promise.all([
    db().conversation.count({ where: { tenantId, botId, status: { not: "closed" } } }),
    db().conversation.count({ where: { tenantId, botId, updatedAt: { gte: since } } }),
    db().conversation.count({ where: { tenantId, botId } }),
  ]);
  return { openConversations: open, recentConversations: recent, conversations: total, live: open > 0 || recent > 0 };
}

/**
 * Deletes a bot. Its widget key stops answering at once; its conversations stay in the inbox with the bot's name;
 * open ones are closed (the visitor is told). A bot whose widget is live is only deleted with `force`: the
 * refusal says what would stop, so a page's chat never breaks by accident.
 */
// closing a conversation belongs to answering (it stops the answer being written and tells the visitor), a domain
// that depends on bots: the caller passes it in so bots stays below it
type CloseConversation = (tenantId: string, conversationId: string) => Promise<unknown>;

export async function deleteBot(
  tenantId: string,
  botId: string,
  opts: { force?: boolean; closeConversation: CloseConversation },
) {
  const usage = await botUsage(tenantId, botId);
  if (usage.live && !opts.force) {
    throw new KefuError(
      "bot_in_use",
      `This bot's widget is live (${usage.openConversations} open conversations, ${usage.recentConversations} in the last 24 hours). ` +
        "Deleting it stops the chat on every page that embeds it and closes its open conversations; confirm with force=true.",
    );
  }
  // hidden first, so no new conversation starts while the open ones are being closed
  await db().bot.updateMany({ where: { id: botId, tenantId, deletedAt: null }, data: { deletedAt: new Date() } });
  await db().botDraft.deleteMany({ where: { tenantId, botId } });
  // knowledge bases no longer list it among the bots that use them (its versions keep what it used)
  await db().botKnowledgeBase.deleteMany({ where: { botId } });
  const open = await db().conversation.findMany({
    where: { tenantId, botId, status: { not: "closed" } },
    select: { id: true },
  });
  for (const c of open) await opts.closeConversation(tenantId, c.id);
  endBotWidgets(botId);
  return { ...usage, closedConversations: open.length };
}
