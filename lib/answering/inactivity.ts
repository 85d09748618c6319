// Conversations whose visitor has gone silent close themselves after the tenant's inactivity time (default 30 min).
// The source of truth is the database: every server sweeps now and then with one UPDATE whose WHERE re-checks each
// row under its lock, so with several servers each conversation is closed (and announced) exactly once.
import { z } from "zod";
import { log } from "../log";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { publishToConversation, publishToAgents } from "../realtime";
import { wireMessage } from "../conversations/wire";
import { appendMessage } from "../conversations";
import { detectLanguage, type Lang } from "./answer-language";
import { cancelBotReply } from "./bot-reply";
import { routeWaiting } from "../conversations/routing";

export const inactivitySchema = z.object({
  inactivityMinutes: z
    .number({ error: "inactivityMinutes must be a whole number of minutes" })
    .int("inactivityMinutes must be a whole number of minutes")
    .min(0, "inactivityMinutes must be 0 (never) or more")
    .max(10_080, "inactivityMinutes must be at most 10080 (a week)"),
});

export async function getInactivityMinutes(tenantId: string) {
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { inactivityMinutes: true } });
  if (!t) throw new KefuError("not_found", "No such tenant");
  return t.inactivityMinutes;
}

export async function setInactivityMinutes(tenantId: string, input: z.input<typeof inactivitySchema>) {
  const { inactivityMinutes } = inactivitySchema.parse(input);
  await db().tenant.updateMany({ where: { id: tenantId }, data: { inactivityMinutes } });
  return inactivityMinutes;
}

export const CLOSED_FOR_INACTIVITY: Record<Lang, string> = {
  en: "This conversation was closed because there was no activity for a while. Send a message to start again.",
  zh: "由于长时间没有新消息，本次会话已自动关闭。如需继续咨询，请直接发送新消息。",
};

// The visitor's silence: since their last message, or since the conversation began when they wrote none.
// LOCALTIMESTAMP: the columns are timestamps without time zone, written by the same database clock.
const SILENT = `c.created_at < LOCALTIMESTAMP - make_interval(mins => t.inactivity_minutes)
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'visitor'
                  AND m.created_at >= LOCALTIMESTAMP - make_interval(mins => t.inactivity_minutes))`;

type Closed = { id: string; tenantId: string; botId: string };

/**
 * One sweep over every tenant. Conversations with the bot or an agent close (reason "inactive") with a line to the
 * visitor in their language; a conversation waiting for an agent is never closed: it becomes a left message the
 * agents see, and stops counting against an agent's capacity. Answers what it changed.
 */
export async function sweepInactive() {
  const closed = await db().$queryRawUnsafe<Closed[]>(`
    UPDATE conversations c SET status = 'closed', closed_at = LOCALTIMESTAMP, closed_reason = 'inactive', updated_at = LOCALTIMESTAMP
    FROM tenants t
    WHERE t.id = c.tenant_id AND t.inactivity_minutes > 0 AND c.status IN ('bot', 'agent') AND ${SILENT}
    RETURNING c.id, c.tenant_id AS "tenantId", c.bot_id AS "botId"`);
  const parked = await db().$queryRawUnsafe<{ id: string; tenantId: string }[]>(`
    UPDATE conversations c SET left_message_at = LOCALTIMESTAMP, updated_at = LOCALTIMESTAMP
    FROM tenants t
    WHERE t.id = c.tenant_id AND t.inactivity_minutes > 0 AND c.status = 'waiting' AND c.left_message_at IS NULL AND ${SILENT}
    RETURNING c.id, c.tenant_id AS "tenantId"`);
  for (const c of closed)
    await announceClosed(c).catch((err) =>
      log.error("inactivity close failed", { tenantId: c.tenantId, conversationId: c.id, err }),
    );
  for (const c of parked)
    publishToAgents(c.tenantId, "status", { conversationId: c.id, status: "waiting", leftMessage: true });
  for (const tenantId of new Set([...closed, ...parked].map((c) => c.tenantId))) {
    void routeWaiting(tenantId).catch((err) => log.error("routing after inactivity failed", { tenantId, err }));
  }
  return { closed: closed.map((c) => c.id), parked: parked.map((c) => c.id) };
}

async function announceClosed(c: Closed) {
  cancelBotReply(c.id);
  const text = CLOSED_FOR_INACTIVITY[await visitorLanguage(c)];
  const { message } = await appendMessage(c.tenantId, { conversationId: c.id, role: "system", text });
  publishToConversation(c.tenantId, c.id, "message", wireMessage(message));
  publishToConversation(c.tenantId, c.id, "status", { status: "closed" }, { closedReason: "inactive" });
}

/** The bot's fixed language, else the language of the visitor's last message. */
async function visitorLanguage(c: Closed): Promise<Lang> {
  const bot = await db().bot.findFirst({ where: { id: c.botId, tenantId: c.tenantId }, select: { language: true } });
  if (bot?.language === "zh-CN") return "zh";
  if (bot?.language === "en") return "en";
  const last = await db().message.findFirst({
    where: { tenantId: c.tenantId, conversationId: c.id, role: "visitor" },
    select: { text: true },
    orderBy: { seq: "desc" },
  });
  return last ? detectLanguage(last.text) : "en";
}

/** The visitor's last conversation with the bot closed for inactivity (in the last day): the line they were sent. */
export async function inactivityNotice(tenantId: string, botId: string, visitorId: string) {
  const last = await db().conversation.findFirst({
    where: { tenantId, botId, visitorId },
    select: { id: true, closedReason: true, closedAt: true },
    orderBy: { createdAt: "desc" },
  });
  if (last?.closedReason !== "inactive" || !last.closedAt || Date.now() - last.closedAt.getTime() > 86_400_000)
    return null;
  return db().message.findFirst({
    where: { tenantId, conversationId: last.id, role: "system" },
    select: {
      id: true,
      seq: true,
      conversationId: true,
      role: true,
      text: true,
      clientId: true,
      createdAt: true,
      model: true,
      citations: true,
    },
    orderBy: { seq: "desc" },
  });
}

/** Sweeps every `everyMs` on this server (KEFU_INACTIVITY_SWEEP_MS); other servers sweeping too is harmless. */
export function startInactivitySweep(everyMs: number, log: (m: string) => void) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepInactive()
      .then(
        (r) =>
          r.closed.length + r.parked.length &&
          log(`inactivity: closed ${r.closed.length}, left messages ${r.parked.length}`),
      )
      .catch((err) => log(`inactivity sweep failed: ${(err as Error).message}`))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
