import { z } from "zod";
import { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { conversationSelect, getConversation, messageSelect } from ".";
import { emailRepliesOf, leftMessagesOf } from "./left-message";
import { wireForAgents } from "./notes";
import { conversationsWithText, watch } from "./search-index";
import { sealedConversationsWithText, sealedVisitorsMatching } from "./search-memory";
import { encryptionEnabled } from "../crypto/keys";

export const inboxViewSchema = z.enum(["bot", "waiting", "mine", "open", "left", "closed", "all"]);
export type InboxView = z.infer<typeof inboxViewSchema>;
export const VIEWS = ["bot", "waiting", "mine", "open", "left", "closed"] as const;
// "low": a rating of 1 or 2 stars
export const LOW_RATING = 2;

export const listQuerySchema = z
  .object({
    view: inboxViewSchema.optional(),
    q: z.string().trim().max(200, "q: at most 200 characters").optional(),
    label: z.string().trim().min(1).max(50).optional(),
    rating: z.enum(["rated", "low"], { error: 'rating must be "rated" or "low"' }).optional(),
  })
  .optional()
  .nullable()
  .transform((v) => v ?? {});

function viewWhere(tenantId: string, me: string, view: InboxView): Prisma.ConversationWhereInput {
  switch (view) {
    case "bot":
    case "waiting":
    case "closed":
      return { tenantId, status: view };
    case "mine":
      return { tenantId, assigneeId: me, status: { not: "closed" } };
    case "open":
      return { tenantId, status: { not: "closed" } };
    case "left":
      // left messages nobody has closed yet
      return { tenantId, leftMessageAt: { not: null }, status: { not: "closed" } };
    default:
      return { tenantId };
  }
}

export const agentConversationSelect = {
  ...conversationSelect,
  labels: true,
  handoffReason: true,
  summary: true,
  agentReadSeq: true,
  rating: true,
  ratingComment: true,
  ratedAt: true,
  leftMessageAt: true,
  closedReason: true,
} as const;

/** Visitor messages after agent_read_seq, per conversation: what nobody in the team has read yet. */
async function unreadCounts(tenantId: string, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db().$queryRaw<{ id: string; n: bigint }[]>`
    SELECT c.id, COUNT(m.id) AS n FROM conversations c
    JOIN messages m ON m.conversation_id = c.id AND m.seq > c.agent_read_seq AND m.role = 'visitor'
    WHERE c.tenant_id = ${tenantId} AND c.id = ANY(${ids}) GROUP BY c.id`;
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** The inbox list: one view, optionally searched (message text, visitor name or email) and filtered by a label. */
export async function listInbox(tenantId: string, me: string, query: z.input<typeof listQuerySchema> = {}) {
  const { view = "all", q, label, rating } = listQuerySchema.parse(query);
  const where: Prisma.ConversationWhereInput = { ...viewWhere(tenantId, me, view) };
  if (label) where.labels = { has: label };
  if (rating) where.rating = rating === "low" ? { lte: LOW_RATING } : { not: null };
  const sealed = encryptionEnabled();
  if (!sealed) watch(tenantId); // an open inbox keeps its tenant's search index caught up
  if (q && sealed) {
    // encrypted at rest: SQL cannot match the words (lib/conversations/search-memory.ts)
    const [ids, visitorIds] = await Promise.all([
      sealedConversationsWithText(tenantId, q),
      sealedVisitorsMatching(tenantId, q),
    ]);
    where.OR = [{ id: { in: ids } }, { visitorId: { in: visitorIds } }];
  } else if (q) {
    const contains = { contains: q, mode: "insensitive" as const };
    // message text through the side index (lib/conversations/search-index.ts); visitor fields have trigram indexes
    where.OR = [
      { id: { in: await conversationsWithText(tenantId, q) } },
      { visitor: { name: contains } },
      { visitor: { email: contains } },
    ];
  }
  const rows = await db().conversation.findMany({
    where,
    select: {
      ...agentConversationSelect,
      bot: { select: { name: true } },
      visitor: { select: { name: true, email: true } },
      messages: {
        where: { internal: false },
        select: { ...messageSelect, systemKey: true, systemArgs: true },
        orderBy: { seq: "desc" },
        take: 1,
      },
    },
    orderBy: { updatedAt: "desc" },
    take: 100,
  });
  const unread = await unreadCounts(
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map(({ messages, bot, visitor, ...c }) => ({
    ...c,
    botName: bot.name,
    visitorName: visitor.name,
    visitorEmail: visitor.email,
    lastMessage: messages[0] ? wireForAgents(messages[0]) : null,
    unread: unread.get(c.id) ?? 0,
  }));
}

/** Per view: how many conversations, and how many of them have unread visitor messages. */
export async function inboxCounts(tenantId: string, me: string) {
  const rows = await db().$queryRaw<{ status: string; mine: boolean; left: boolean; n: bigint; unread: bigint }[]>`
    SELECT c.status, (c.assignee_id IS NOT DISTINCT FROM ${me}) AS mine, (c.left_message_at IS NOT NULL) AS left, COUNT(*) AS n,
      COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'visitor' AND m.seq > c.agent_read_seq)) AS unread
    FROM conversations c WHERE c.tenant_id = ${tenantId} GROUP BY 1, 2, 3`;
  const counts = Object.fromEntries(VIEWS.map((v) => [v, { total: 0, unread: 0 }])) as Record<
    (typeof VIEWS)[number],
    { total: number; unread: number }
  >;
  for (const r of rows) {
    const add = (v: (typeof VIEWS)[number]) => (
      (counts[v].total += Number(r.n)), (counts[v].unread += Number(r.unread))
    );
    if (r.status === "bot" || r.status === "waiting" || r.status === "closed") add(r.status);
    if (r.status !== "closed") add("open");
    if (r.status !== "closed" && r.mine) add("mine");
    if (r.status !== "closed" && r.left) add("left");
  }
  return counts;
}

/** Marks the conversation read by the team up to `seq` (never backwards). */
export async function markRead(tenantId: string, conversationId: string, seq?: number) {
  const conv = await getConversation(tenantId, conversationId);
  const upTo = Math.min(seq ?? conv.lastSeq, conv.lastSeq);
  await db().conversation.updateMany({
    where: { id: conversationId, tenantId, agentReadSeq: { lt: upTo } },
    data: { agentReadSeq: upTo },
  });
  return upTo;
}

/** Messages for the inbox, notes included, with seq > afterSeq. */
export async function agentMessagesAfter(tenantId: string, conversationId: string, afterSeq = 0, take = 500) {
  const rows = await db().message.findMany({
    where: { tenantId, conversationId, seq: { gt: afterSeq } },
    select: { ...messageSelect, internal: true, authorId: true, systemKey: true, systemArgs: true },
    orderBy: { seq: "asc" },
    take,
  });
  return rows.map(wireForAgents);
}

/** The conversation as the inbox shows it: state, summary and reason, the visitor and their other conversations. */
export async function conversationForAgent(tenantId: string, conversationId: string) {
  const c = await db().conversation.findFirst({
    where: { id: conversationId, tenantId },
    select: {
      ...agentConversationSelect,
      bot: { select: { name: true } },
      visitor: {
        select: {
          id: true,
          name: true,
          email: true,
          phone: true,
          lastPage: true,
          userAgent: true,
          lastSeenAt: true,
          externalId: true,
          // what the customer did outside the chat (POST /api/v1/events), latest first
          customerEvents: {
            where: { tenantId },
            select: { id: true, type: true, title: true, occurredAt: true },
            orderBy: { occurredAt: "desc" },
            take: 10,
          },
        },
      },
    },
  });
  if (!c) return getConversation(tenantId, conversationId).then(() => null as never); // answers not_found
  const past = await db().conversation.findMany({
    where: { tenantId, visitorId: c.visitorId, id: { not: c.id } },
    select: {
      id: true,
      status: true,
      createdAt: true,
      closedAt: true,
      summary: true,
      messages: {
        where: { internal: false, role: "visitor" },
        select: { text: true },
        orderBy: { seq: "asc" },
        take: 1,
      },
    },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  const { bot, visitor, ...conversation } = c;
  const [left, emailReplies] = await Promise.all([leftMessagesOf(tenantId, [c.id]), emailRepliesOf(tenantId, c.id)]);
  return {
    conversation: { ...conversation, botName: bot.name, leftMessage: left.get(c.id) ?? null, emailReplies },
    visitor,
    past: past.map(({ messages, ...p }) => ({ ...p, firstMessage: messages[0]?.text ?? null })),
  };
}
