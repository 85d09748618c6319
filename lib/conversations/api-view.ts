// Conversations as REST /api/v1 shows them: state, the last message, the visitor's left message and their rating.
import { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { conversationSelect, messageSelect, type ConversationStatus } from ".";
import { LOW_RATING } from "./inbox";
import { emailRepliesOf, leftMessagesOf } from "./left-message";

export type ApiConversationFilter = {
  status?: ConversationStatus;
  leftMessage?: boolean;
  rating?: "rated" | "low";
  take?: number;
};

const apiSelect = {
  ...conversationSelect,
  rating: true,
  ratingComment: true,
  ratedAt: true,
  leftMessageAt: true,
  closedReason: true,
  bot: { select: { name: true } },
  messages: { where: { internal: false }, select: messageSelect, orderBy: { seq: "desc" }, take: 1 },
} as const;

type Row = Prisma.ConversationGetPayload<{ select: typeof apiSelect }>;

function shape(row: Row, left: Awaited<ReturnType<typeof leftMessagesOf>>) {
  const { messages, bot, rating, ratingComment, ratedAt, leftMessageAt: _l, ...c } = row;
  return {
    ...c,
    botName: bot.name,
    lastMessage: messages[0] ?? null,
    leftMessage: left.get(c.id) ?? null,
    csat: rating === null ? null : { score: rating, comment: ratingComment, at: ratedAt ?? c.closedAt ?? c.updatedAt },
  };
}

/** The tenant's conversations, newest activity first, optionally only left messages or rated ones. */
export async function listApiConversations(tenantId: string, f: ApiConversationFilter = {}) {
  const where: Prisma.ConversationWhereInput = { tenantId };
  if (f.status) where.status = f.status;
  if (f.leftMessage !== undefined) where.leftMessageAt = f.leftMessage ? { not: null } : null;
  if (f.rating) where.rating = f.rating === "low" ? { lte: LOW_RATING } : { not: null };
  const rows = await db().conversation.findMany({
    where,
    select: apiSelect,
    orderBy: { updatedAt: "desc" },
    take: Math.min(f.take ?? 100, 500),
  });
  const left = await leftMessagesOf(
    tenantId,
    rows.filter((r) => r.leftMessageAt).map((r) => r.id),
  );
  return rows.map((r) => shape(r, left));
}

/** One conversation with its email replies; another tenant's id answers not_found. */
export async function getApiConversation(tenantId: string, id: string) {
  const row = await db().conversation.findFirst({ where: { id, tenantId }, select: apiSelect });
  if (!row) throw new KefuError("not_found", "No such conversation");
  const [left, emailReplies] = await Promise.all([leftMessagesOf(tenantId, [id]), emailRepliesOf(tenantId, id)]);
  return { ...shape(row, left), emailReplies };
}
