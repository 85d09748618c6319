import type { AgentRequest, AgentRequestPayloads, AgentWireMessage, ConversationStatus } from "@/widget/socket-events";

export type Status = ConversationStatus;
export type View = "bot" | "waiting" | "mine" | "open" | "left" | "closed";

/** A message as agents get it (the shared protocol, widget/socket-payloads.ts): notes and system lines included. */
export type WireMessage = AgentWireMessage;

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

export type LeftMessage = {
  text: string;
  name: string | null;
  email: string;
  phone: string | null;
  page: string | null;
  at: string;
};
export type EmailReply = {
  id: string;
  authorId: string;
  toEmail: string;
  text: string;
  createdAt: string;
  sentAt: string | null;
};
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

export type PastConversation = {
  id: string;
  status: Status;
  createdAt: string;
  closedAt: string | null;
  summary: string | null;
  firstMessage: string | null;
};
export type Canned = { id: string; shortcut: string; text: string };
export type TeamMember = {
  userId: string;
  name: string;
  email: string;
  role: string;
  maxChats: number;
  open: number;
  presence: "online" | "away" | "offline";
};
export type Counts = Record<View, { total: number; unread: number }>;

export type AckResult = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };
/** A request whose failure is shown to the agent, its payload typed by the shared protocol. */
export type InboxRequest = <E extends AgentRequest>(event: E, payload: AgentRequestPayloads[E]) => Promise<AckResult>;
