// The chat frame's state as pure functions: the message list (dedupe by id, optimistic sends matched by client id,
// streamed bubbles replaced by their final message), the conversation and sequence position, and the status.
import type { Citation, Role, Status, WireDelta, WireMessage, WireSession } from "./protocol";

export type Item = {
  key: string; // the server id once known, else "c:" + clientId
  id?: string;
  role: Role;
  text: string;
  clientId?: string;
  conversationId?: string;
  seq?: number;
  createdAt: number;
  state: "sent" | "pending" | "streaming";
  citations?: Citation[];
};

export type ChatState = {
  items: Item[];
  conversationId: string | null;
  lastSeq: number; // highest seq seen in conversationId
  status: Status;
  bot: { name: string; greeting: string } | null;
};

export const initialState = (): ChatState => ({
  items: [],
  conversationId: null,
  lastSeq: 0,
  status: "bot",
  bot: null,
});

const fromWire = (m: WireMessage): Item => ({
  key: m.id,
  id: m.id,
  role: m.role,
  text: m.text,
  clientId: m.clientId,
  conversationId: m.conversationId,
  seq: m.seq,
  createdAt: Date.parse(m.createdAt) || Date.now(),
  state: "sent",
  citations: m.citations,
});

/** A stored message: replaces the item with its id (a streamed bubble) or client id (an optimistic send), else is inserted in seq order. */
export function applyMessage(s: ChatState, m: WireMessage): ChatState {
  const item = fromWire(m);
  const items = s.items.slice();
  const byId = items.findIndex((i) => i.key === m.id);
  const byClient = m.clientId ? items.findIndex((i) => i.clientId === m.clientId && i.state === "pending") : -1;
  if (byId >= 0) {
    items[byId] = item;
    if (byClient >= 0) items.splice(byClient, 1);
  } else if (byClient >= 0) {
    items[byClient] = item;
  } else {
    // normally appended; a message that arrives after a later one of its conversation goes before it
    const later = items.findIndex((i) => i.conversationId === m.conversationId && i.seq !== undefined && i.seq > m.seq);
    items.splice(later >= 0 ? later : items.length, 0, item);
  }
  if (m.conversationId === s.conversationId) return { ...s, items, lastSeq: Math.max(s.lastSeq, m.seq) };
  // a message of another conversation: the visitor started a new one after the last was closed
  return {
    ...s,
    items,
    conversationId: m.conversationId,
    lastSeq: m.seq,
    status: s.conversationId && s.status === "closed" ? "bot" : s.status,
  };
}

/**
 * The session the server sends on every (re)connect. `resync` is true when the messages we asked to skip
 * (seq <= lastSeq) belong to a conversation we have not seen, so the caller must reconnect with lastSeq 0.
 */
export function applySession(
  s: ChatState,
  session: WireSession,
  requestedLastSeq: number,
): { state: ChatState; resync: boolean } {
  let next: ChatState = { ...s, bot: session.bot, status: session.status };
  if (session.conversationId !== s.conversationId) {
    if (session.conversationId && requestedLastSeq > 0) {
      return { state: { ...next, conversationId: session.conversationId, lastSeq: 0 }, resync: true };
    }
    // our conversation was closed while we were away
    if (!session.conversationId && s.conversationId) next.status = "closed";
  }
  next = dropStreaming(next, session.status);
  for (const m of session.messages) next = applyMessage(next, m);
  const notice = session.closedNotice;
  if (!session.conversationId && notice && !next.items.some((i) => i.id === notice.id)) {
    // shown, but the closed conversation stays behind: the next message starts a new one
    next = {
      ...applyMessage(next, notice),
      conversationId: next.conversationId,
      lastSeq: next.lastSeq,
      status: next.status,
    };
  }
  return { state: next, resync: false };
}

/** A streamed piece of the bot's answer: grows the bubble keyed by messageId, created on the first piece. */
export function applyDelta(s: ChatState, d: WireDelta, now = Date.now()): ChatState {
  if (s.status !== "bot") return s; // the bot was cancelled; a late piece must not revive its bubble
  const i = s.items.findIndex((it) => it.key === d.messageId);
  if (i < 0) {
    const bubble: Item = {
      key: d.messageId,
      id: d.messageId,
      role: "bot",
      text: d.delta,
      createdAt: now,
      state: "streaming",
    };
    return { ...s, items: [...s.items, bubble] };
  }
  if (s.items[i].state !== "streaming") return s; // the final message already arrived
  const items = s.items.slice();
  items[i] = { ...items[i], text: items[i].text + d.delta };
  return { ...s, items };
}

/** Only the bot streams; once it is no longer in charge an answer that never got its final message is dropped. */
function dropStreaming(s: ChatState, status: Status): ChatState {
  if (status === "bot" || !s.items.some((i) => i.state === "streaming")) return s;
  return { ...s, items: s.items.filter((i) => i.state !== "streaming") };
}

export function applyStatus(s: ChatState, status: Status): ChatState {
  return dropStreaming({ ...s, status }, status);
}

export function addPending(s: ChatState, clientId: string, text: string, now = Date.now()): ChatState {
  return {
    ...s,
    items: [...s.items, { key: `c:${clientId}`, role: "visitor", text, clientId, createdAt: now, state: "pending" }],
  };
}

export function ackOk(
  s: ChatState,
  clientId: string,
  ack: { id: string; seq: number; conversationId: string },
): ChatState {
  const i = s.items.findIndex((it) => it.clientId === clientId && it.state === "pending");
  if (i < 0) return s; // the broadcast of the stored message already replaced it
  return applyMessage(s, {
    id: ack.id,
    seq: ack.seq,
    conversationId: ack.conversationId,
    role: "visitor",
    text: s.items[i].text,
    clientId,
    createdAt: new Date(s.items[i].createdAt).toISOString(),
  });
}

/** A refused send leaves the list; the caller shows why. */
export function removePending(s: ChatState, clientId: string): ChatState {
  return { ...s, items: s.items.filter((it) => !(it.clientId === clientId && it.state === "pending")) };
}

export const pendingItems = (s: ChatState) => s.items.filter((i) => i.state === "pending");

/** Typing dots: the bot is in charge, the visitor's last message is stored and nothing has answered it yet (for a while). */
export function botTyping(s: ChatState, now = Date.now(), patienceMs = 120_000): boolean {
  if (s.status !== "bot") return false;
  const last = [...s.items].reverse().find((i) => i.role !== "system");
  return !!last && last.role === "visitor" && last.state === "sent" && now - last.createdAt < patienceMs;
}
