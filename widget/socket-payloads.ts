// The socket protocol's payloads (docs/realtime.md), one type per event, direction and namespace, beside the event
// names in socket-events.ts. Types only: nothing here reaches the widget's bundle. The server's publish functions
// and typed sockets take these types, its zod request schemas are checked against them (lib/sockets/schemas.ts),
// the widget's guards (widget/protocol.ts) answer them and the inbox's socket hears them: a field renamed, dropped
// or retyped on one side is a compile error on the others.

export type Role = "visitor" | "bot" | "agent" | "system";
export type ConversationStatus = "bot" | "waiting" | "agent" | "closed";
export type PresenceStatus = "online" | "away";

/** A knowledge entry a bot answer used. `url`: the web page it came from; `document`: the file's name. */
export type Citation = { id: string; title: string; score: number; url?: string; document?: string };

/** Every stored message, as sent in `message` events, in `session.messages` and in `conversation:open`. */
export type WireMessage = {
  id: string;
  seq: number;
  conversationId: string;
  role: Role;
  text: string;
  clientId?: string;
  createdAt: string;
  citations?: Citation[];
};

/** What agents see of a message besides: internal notes and who wrote them, a system line's key and arguments. */
export type AgentWireMessage = WireMessage & {
  internal?: boolean;
  authorId?: string | null;
  systemKey?: string;
  systemArgs?: Record<string, string>;
};

/** The first event on /visitor: who the visitor is, the bot, and the open conversation so far. */
export type WireSession = {
  visitorToken: string;
  conversationId: string | null;
  status: ConversationStatus;
  /** handed over after hours, no agent yet: show the leave-a-message form */
  leaveMessage?: boolean;
  bot: { name: string; greeting: string; avatarUrl: string | null; language: string; preChatForm: boolean };
  visitor?: { name: string | null; email: string | null; identified: boolean };
  visitorReadSeq?: number;
  messages: WireMessage[];
  /** no open conversation: the line the last one was closed with for inactivity, shown to a visitor who comes back */
  closedNotice?: WireMessage;
};

export type WireDelta = { messageId: string; delta: string };
/** The ack of a stored `message` (visitor) besides `ok: true`. */
export type MessageAck = { id: string; seq: number; conversationId: string };
/** One of an identified person's closed conversations (the ack of `history`: `{ ok: true, conversations }`). */
export type PastConversation = { id: string; createdAt: string; closedAt: string | null; messages: WireMessage[] };
export type StatusChange = { status: ConversationStatus; leaveMessage?: boolean };
export type ErrorBody = { code: string; message: string };

/** The tenant's live figures for the monitoring page. */
export type LiveSnapshot = {
  at: string;
  openConversations: number;
  messagesPerMinute: number;
  firstTokenMs: number | null;
  tokensPerSecond: number | null;
  errorsLast5m: number;
  answersLast5m: number;
  model: { id: string | null; status: string; threads: number };
};

/** What the server tells a visitor's widget, per event. */
export type VisitorEventPayloads = {
  session: WireSession;
  message: WireMessage;
  "bot:delta": WireDelta;
  status: StatusChange;
  "agent:typing": { on: boolean };
  error: ErrorBody;
  "server:restarting": { retryInMs: number };
};

type AboutConversation = { conversationId: string };

/** What the server tells the agents of a tenant, per event. */
export type AgentEventPayloads = {
  message: AgentWireMessage;
  "bot:delta": WireDelta & AboutConversation;
  status: StatusChange &
    AboutConversation & {
      assigneeId?: string | null;
      /** who assigned: a user id, or "routing" */
      assignedBy?: string;
      handoffReason?: string;
      summary?: string | null;
      closedReason?: string;
      /** parked: the visitor left a message */
      leftMessage?: boolean;
    };
  conversation: { id: string; status: ConversationStatus; botName: string; createdAt: string };
  read: AboutConversation & { agentReadSeq: number };
  labels: AboutConversation & { labels: string[] };
  presence: { userId: string; name: string; status: PresenceStatus | "offline" };
  summary: AboutConversation & { summary: string; by: "model" };
  "visitor:typing": AboutConversation & { on: boolean };
  "conversation:rated": AboutConversation & { rating: number; comment: string | null };
  /** the stored left message, with where it belongs */
  offline_message: AboutConversation & { id: string; botId: string; visitorId: string; text: string; email: string };
  email_reply: AboutConversation & { reply: { id: string; authorId: string; toEmail: string; text: string } };
  metrics: LiveSnapshot;
  "server:restarting": { retryInMs: number };
};

type NoPayload = Record<string, never>;

/** The signed identity of a person known to the customer's site (HMAC-SHA256 of userId with the bot's secret). */
export type IdentifyRequest = { userId: string; signature: string; name?: string; email?: string };

/** What the widget asks on /visitor, per request. `text` fields are checked on the server, where the error is named. */
export type VisitorRequestPayloads = {
  message: { clientId: string; text: string };
  identify: IdentifyRequest;
  history: Pick<IdentifyRequest, "userId" | "signature">;
  typing: { on: boolean };
  prechat: { name?: string; email: string };
  rate: { conversationId: string; rating: number; comment?: string };
  leave_message: { name?: string; email: string; phone?: string; text: string };
  availability: NoPayload;
  read: { seq: number };
  page: { url: string };
  "handoff:request": NoPayload | undefined;
};

type ConversationRef = { conversationId: string };

/** What the inbox and the monitoring page ask on /agent, per request. */
export type AgentRequestPayloads = {
  takeover: ConversationRef;
  reply: ConversationRef & { clientId: string; text: string };
  close: ConversationRef;
  release: ConversationRef;
  "metrics:subscribe": NoPayload | undefined;
  "conversations:list":
    | {
        view?: "bot" | "waiting" | "mine" | "open" | "left" | "closed" | "all";
        q?: string;
        label?: string;
        rating?: "rated" | "low";
      }
    | undefined;
  "inbox:counts": NoPayload;
  "conversation:open": ConversationRef & { afterSeq?: number };
  read: ConversationRef & { seq?: number };
  claim: ConversationRef;
  assign: ConversationRef & { assigneeId: string | null };
  reopen: ConversationRef;
  note: ConversationRef & { clientId: string; text: string };
  labels: ConversationRef & { add?: string[]; remove?: string[] };
  "labels:list": NoPayload;
  "canned:list": NoPayload;
  team: NoPayload;
  "presence:list": NoPayload;
  "presence:set": { status: PresenceStatus };
  typing: ConversationRef & { on: boolean };
  email_reply: ConversationRef & { text: string };
};
