// The widget's two boundaries: postMessage between the loader (customer's page) and the chat frame (Kefu's
// origin), and the /visitor socket events the frame receives. Hand-written guards instead of zod: the loader has
// a 4 KB budget and zod alone is larger than that.

/** frame → loader */
export type FrameToLoader = { kefu: 1; type: "close" } | { kefu: 1; type: "ready" } | { kefu: 1; type: "unread"; count: number };
/** loader → frame */
export type LoaderToFrame = { kefu: 1; type: "visibility"; open: boolean };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

export function parseFrameToLoader(data: unknown): FrameToLoader | undefined {
  if (!isObj(data) || data.kefu !== 1) return;
  if (data.type === "close" || data.type === "ready") return { kefu: 1, type: data.type };
  if (data.type === "unread" && Number.isInteger(data.count) && (data.count as number) >= 0) {
    return { kefu: 1, type: "unread", count: Math.min(data.count as number, 99) };
  }
}

export function parseLoaderToFrame(data: unknown): LoaderToFrame | undefined {
  if (isObj(data) && data.kefu === 1 && data.type === "visibility" && typeof data.open === "boolean") {
    return { kefu: 1, type: "visibility", open: data.open };
  }
}

export type Role = "visitor" | "bot" | "agent" | "system";
export type Status = "bot" | "waiting" | "agent" | "closed";
export type Citation = { title: string };
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
export type WireSession = {
  visitorToken: string;
  conversationId: string | null;
  status: Status;
  bot: { name: string; greeting: string };
  messages: WireMessage[];
};
export type WireDelta = { messageId: string; delta: string };
export type SendAck = { ok: true; id: string; seq: number; conversationId: string } | { ok: false; error: { code: string; message: string } };

const ROLES = ["visitor", "bot", "agent", "system"];
const STATUSES = ["bot", "waiting", "agent", "closed"];
const str = (v: unknown): v is string => typeof v === "string";

export const parseStatus = (v: unknown): Status | undefined => (STATUSES.includes(v as string) ? (v as Status) : undefined);

export function parseMessage(v: unknown): WireMessage | undefined {
  if (!isObj(v) || !str(v.id) || !Number.isInteger(v.seq) || !str(v.conversationId) || !str(v.text)) return;
  if (!ROLES.includes(v.role as string)) return;
  const citations = Array.isArray(v.citations)
    ? v.citations.filter((c): c is Citation => isObj(c) && str(c.title)).map((c) => ({ title: c.title }))
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
    bot: { name: str(v.bot.name) ? v.bot.name : "", greeting: str(v.bot.greeting) ? v.bot.greeting : "" },
    messages,
  };
}

export function parseDelta(v: unknown): WireDelta | undefined {
  if (isObj(v) && str(v.messageId) && str(v.delta)) return { messageId: v.messageId, delta: v.delta };
}

export function parseAck(v: unknown): SendAck {
  if (isObj(v) && v.ok === true && str(v.id) && Number.isInteger(v.seq) && str(v.conversationId)) {
    return { ok: true, id: v.id, seq: v.seq as number, conversationId: v.conversationId };
  }
  const e = isObj(v) && isObj(v.error) ? v.error : {};
  return { ok: false, error: { code: str(e.code) ? e.code : "bad_response", message: str(e.message) ? e.message : "The message could not be sent." } };
}
