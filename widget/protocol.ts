// The widget's two boundaries: postMessage between the loader (customer's page) and the chat frame (Kefu's
// origin), and the /visitor socket events the frame receives. Hand-written guards instead of zod: the loader has
// a 10 KB budget and zod alone is larger than that.
import type * as Shared from "./socket-payloads";
import type { ConversationStatus, Role } from "./socket-payloads";

/** A page event the loader re-emits (Kefu.on / window "kefu:<name>"): identify results. */
export type PageEvent = { name: "identified" | "error"; code?: string; message?: string };
/** frame → loader */
export type FrameToLoader =
  | { kefu: 1; type: "close" }
  | { kefu: 1; type: "ready" }
  | { kefu: 1; type: "unread"; count: number }
  | { kefu: 1; type: "active"; on: boolean } // the visitor has a conversation: load the frame on the next page view
  | ({ kefu: 1; type: "event" } & PageEvent);
/** loader → frame */
export type Identity = { userId: string; signature: string; name?: string; email?: string };
export type LoaderToFrame =
  | { kefu: 1; type: "visibility"; open: boolean }
  | ({ kefu: 1; type: "identify" } & Identity)
  | { kefu: 1; type: "reset" }
  | { kefu: 1; type: "page"; url: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const optStr = (v: unknown, max: number) => (typeof v === "string" && v.length <= max ? v : undefined);

export function parseFrameToLoader(data: unknown): FrameToLoader | undefined {
  if (!isObj(data) || data.kefu !== 1) return;
  if (data.type === "close" || data.type === "ready") return { kefu: 1, type: data.type };
  if (data.type === "unread" && Number.isInteger(data.count) && (data.count as number) >= 0) {
    return { kefu: 1, type: "unread", count: Math.min(data.count as number, 99) };
  }
  if (data.type === "active" && typeof data.on === "boolean") return { kefu: 1, type: "active", on: data.on };
  if (data.type === "event" && (data.name === "identified" || data.name === "error")) {
    return { kefu: 1, type: "event", name: data.name, code: optStr(data.code, 50), message: optStr(data.message, 500) };
  }
}

/** An identity as the page passed it to Kefu.identify; undefined when it is not even shaped like one. */
export function parseIdentity(v: unknown): Identity | undefined {
  if (!isObj(v)) return;
  const userId = optStr(v.userId, 200);
  const signature = optStr(v.signature, 200);
  if (!userId || !signature) return;
  return { userId, signature, name: optStr(v.name, 100), email: optStr(v.email, 200) };
}

export function parseLoaderToFrame(data: unknown): LoaderToFrame | undefined {
  if (!isObj(data) || data.kefu !== 1) return;
  if (data.type === "visibility" && typeof data.open === "boolean")
    return { kefu: 1, type: "visibility", open: data.open };
  if (data.type === "reset") return { kefu: 1, type: "reset" };
  if (data.type === "page" && typeof data.url === "string" && data.url.length <= 2000)
    return { kefu: 1, type: "page", url: data.url };
  if (data.type === "identify") {
    const id = parseIdentity(data);
    if (id) return { kefu: 1, type: "identify", ...id };
  }
}

// The socket payloads the frame receives, as its guards answer them: views of the shared protocol types
// (socket-payloads.ts), so a field renamed or retyped there does not compile here.
export type { Role };
export type Status = ConversationStatus;
/** What the widget shows of a citation: the title and where it came from (the id and score are for agents) */
export type Citation = Pick<Shared.Citation, "title" | "url" | "document">;
export type WireMessage = Omit<Shared.WireMessage, "citations"> & { citations?: Citation[] };
export type WireSession = Omit<Shared.WireSession, "bot" | "messages" | "closedNotice"> & {
  bot: Pick<Shared.WireSession["bot"], "name" | "greeting">;
  messages: WireMessage[];
  closedNotice?: WireMessage;
};
export type WireDelta = Shared.WireDelta;
export type SendAck =
  | ({ ok: true } & Shared.MessageAck)
  | { ok: false; error: { code: string; message: string; retryAfterMs?: number } };

const ROLES = ["visitor", "bot", "agent", "system"];
const STATUSES = ["bot", "waiting", "agent", "closed"];
const str = (v: unknown): v is string => typeof v === "string";

export const parseStatus = (v: unknown): Status | undefined =>
  STATUSES.includes(v as string) ? (v as Status) : undefined;

// a link in the visitor's page: only a well-formed http(s) URL, never javascript: or data:
const webUrl = (v: unknown) => {
  if (!str(v)) return;
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return;
  }
};

function parseCitation(c: Citation): Citation {
  const url = webUrl(c.url);
  if (url) return { title: c.title, url };
  return str(c.document) ? { title: c.title, document: c.document } : { title: c.title };
}

export function parseMessage(v: unknown): WireMessage | undefined {
  if (!isObj(v) || !str(v.id) || !Number.isInteger(v.seq) || !str(v.conversationId) || !str(v.text)) return;
  if (!ROLES.includes(v.role as string)) return;
  const citations = Array.isArray(v.citations)
    ? v.citations.filter((c): c is Citation => isObj(c) && str(c.title)).map(parseCitation)
    : undefined;
  return {
    id: v.id,
    seq: v.seq as number,
    conversationId: v.conversationId,
    role: v.role as Role,
    text: v.text,
    clientId: str(v.clientId) ? v.clientId : undefined,
    createdAt: str(v.createdAt) ? v.createdAt : new Date().toISOString(),
    citations: citations?.length ? citations : undefined,
  };
}

export function parseSession(v: unknown): WireSession | undefined {
  if (!isObj(v) || !str(v.visitorToken) || !isObj(v.bot)) return;
  const messages = Array.isArray(v.messages) ? v.messages.map(parseMessage).filter((m): m is WireMessage => !!m) : [];
  return {
    visitorToken: v.visitorToken,
    conversationId: str(v.conversationId) ? v.conversationId : null,
    status: parseStatus(v.status) ?? "bot",
    leaveMessage: v.leaveMessage === true,
    bot: { name: str(v.bot.name) ? v.bot.name : "", greeting: str(v.bot.greeting) ? v.bot.greeting : "" },
    visitor: {
      name: isObj(v.visitor) && str(v.visitor.name) ? v.visitor.name : null,
      email: isObj(v.visitor) && str(v.visitor.email) ? v.visitor.email : null,
      identified: isObj(v.visitor) && v.visitor.identified === true,
    },
    visitorReadSeq: Number.isInteger(v.visitorReadSeq) ? (v.visitorReadSeq as number) : 0,
    messages,
    closedNotice: parseMessage(v.closedNotice),
  };
}

/** An identified person's closed conversations (the `history` request), oldest first. */
export type PastConversation = Omit<Shared.PastConversation, "createdAt" | "messages"> & { messages: WireMessage[] };
export function parseHistory(v: unknown): PastConversation[] {
  if (!isObj(v) || v.ok !== true || !Array.isArray(v.conversations)) return [];
  return v.conversations
    .filter((c): c is Record<string, unknown> => isObj(c) && str(c.id) && Array.isArray(c.messages))
    .map((c) => ({
      id: c.id as string,
      closedAt: str(c.closedAt) ? c.closedAt : null,
      messages: (c.messages as unknown[])
        .map(parseMessage)
        .filter((m): m is WireMessage => !!m && m.conversationId === c.id),
    }));
}

export function parseDelta(v: unknown): WireDelta | undefined {
  if (isObj(v) && str(v.messageId) && str(v.delta)) return { messageId: v.messageId, delta: v.delta };
}

export function parseAck(v: unknown): SendAck {
  if (isObj(v) && v.ok === true && str(v.id) && Number.isInteger(v.seq) && str(v.conversationId)) {
    return { ok: true, id: v.id, seq: v.seq as number, conversationId: v.conversationId };
  }
  const e = isObj(v) && isObj(v.error) ? v.error : {};
  const retryAfterMs = typeof e.retryAfterMs === "number" && e.retryAfterMs > 0 ? e.retryAfterMs : undefined;
  return {
    ok: false,
    error: {
      code: str(e.code) ? e.code : "bad_response",
      message: str(e.message) ? e.message : "The message could not be sent.",
      ...(retryAfterMs ? { retryAfterMs } : {}),
    },
  };
}

/** Any other ack: `{ ok: true, ...fields }` or the error to show. */
export function parseResult(
  v: unknown,
): { ok: true; data: Record<string, unknown> } | { ok: false; code: string; message: string } {
  if (isObj(v) && v.ok === true) return { ok: true, data: v };
  const e = isObj(v) && isObj(v.error) ? v.error : {};
  return {
    ok: false,
    code: str(e.code) ? e.code : "bad_response",
    message: str(e.message) ? e.message : "The request failed.",
  };
}

/** `status` may say that no one can answer now: then the widget offers "leave a message". */
export function parseStatusEvent(v: unknown): Required<Shared.StatusChange> | undefined {
  const status = isObj(v) ? parseStatus(v.status) : undefined;
  if (status) return { status, leaveMessage: isObj(v) && v.leaveMessage === true };
}

/** The bot's public look, embedded in the frame page by the server (app/widget/access.ts). */
export type FrameConfig = {
  name: string;
  greeting: string;
  color: string;
  avatarUrl: string | null;
  language: string;
  preChatForm: boolean;
};
export function parseFrameConfig(v: unknown): FrameConfig | undefined {
  if (!isObj(v)) return;
  return {
    name: str(v.name) ? v.name : "",
    greeting: str(v.greeting) ? v.greeting : "",
    color: str(v.color) ? v.color : "#2563eb",
    avatarUrl: str(v.avatarUrl) && /^https:\/\//.test(v.avatarUrl) ? v.avatarUrl : null,
    language: str(v.language) ? v.language : "auto",
    preChatForm: v.preChatForm === true,
  };
}
