export type Status = "bot" | "waiting" | "agent" | "closed";
export type View = "bot" | "waiting" | "mine" | "open" | "left" | "closed";

export type WireMessage = {
  id: string;
  seq: number;
  conversationId: string;
  role: "visitor" | "bot" | "agent" | "system";
  text: string;
  clientId?: string;
  createdAt: string;
  citations?: { id: string; title: string; score: number }[];
  internal?: boolean; // an internal note: agents only
  authorId?: string | null;
  systemKey?: string; // a system line's key: shown in the agent's language
  systemArgs?: Record<string, string>;
};

export type ConversationSummary = {
  id: string;
  status: Status;
  botName?: string;
  visitorId?: string;
  assigneeId?: string | null;
  updatedAt?: string;
  createdAt?: string;
  lastMessage?: WireMessage | null;
  labels?: string[];
  unread?: number;
  visitorName?: string | null;
  visitorEmail?: string | null;
  handoffReason?: string | null;
  rating?: number | null;
  ratingComment?: string | null;
  ratedAt?: string | null;
  leftMessageAt?: string | null;
  closedReason?: string | null;
};

export type LeftMessage = { text: string; name: string | null; email: string; phone: string | null; page: string | null; at: string };
export type EmailReply = { id: string; authorId: string; toEmail: string; text: string; createdAt: string; sentAt: string | null };
export type Csat = { score: number; comment: string | null; at: string | null };

export type ConversationDetail = ConversationSummary & {
  summary?: string | null;
  lastSeq?: number;
  agentReadSeq?: number;
  leftMessage?: LeftMessage | null;
  emailReplies?: EmailReply[];
};

export type VisitorDetails = {
  id: string;
  name: string | null;
  email: string | null;
  phone?: string | null;
  lastPage: string | null;
  userAgent: string | null;
  lastSeenAt: string | null;
  externalId: string | null;
  customerEvents?: CustomerEventItem[];
};

export type CustomerEventItem = { id: string; type: string; title: string; occurredAt: string };

export type PastConversation = { id: string; status: Status; createdAt: string; closedAt: string | null; summary: string | null; firstMessage: string | null };
export type Canned = { id: string; shortcut: string; text: string };
export type TeamMember = { userId: string; name: string; email: string; role: string; maxChats: number; open: number; presence: "online" | "away" | "offline" };
export type Counts = Record<View, { total: number; unread: number }>;

export type AckResult = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };
