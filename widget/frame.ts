// The chat frame (/widget/frame, on Kefu's origin): the visitor's socket, token and conversation live here, so the
// customer's page, on another origin, can neither read the token nor reach the conversation.
import { io, type Socket } from "socket.io-client";
import { type AckedRequest, createForms, type Result } from "./frame-forms";
import { pickLang, strings } from "./i18n";
import {
  parseAck,
  parseDelta,
  parseFrameConfig,
  parseHistory,
  parseLoaderToFrame,
  parseMessage,
  parseResult,
  parseSession,
  parseStatusEvent,
  type FrameToLoader,
  type Identity,
} from "./protocol";
import * as chat from "./state";
import type { EventsOf, Requests, VisitorEvent, VisitorFireAndForget, VisitorRequestPayloads } from "./socket-events";
import { visitorStore } from "./storage";
import { createView } from "./view";

const SEND_TIMEOUT_MS = 10_000;
const params = new URLSearchParams(location.search);
const key = params.get("key") ?? "";
const embedded = window.parent !== window;
// The embedding page's origin: the browser's own record where it keeps one (Chromium), else what the loader said.
// Our messages go only there; the server checks it against the bot's allowed origins.
const ancestor = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins?.[0];
const parentOrigin = ancestor || params.get("origin") || "*";
let config: ReturnType<typeof parseFrameConfig>;
try {
  config = parseFrameConfig(JSON.parse(document.getElementById("kefu-config")?.textContent || "null"));
} catch {
  // no or broken config from the page: the chat runs with its defaults
}
const lang = pickLang(config?.language, navigator.languages?.length ? navigator.languages : [navigator.language]);
const s = strings(lang);
document.documentElement.lang = lang;

const store = visitorStore(key);
if (params.get("reset") === "1") store.save({}); // Kefu.reset() before the frame existed

function post(m: FrameToLoader) {
  try {
    if (embedded) window.parent.postMessage(m, parentOrigin);
  } catch {} // a malformed origin parameter: stay mute rather than break the chat
}

let token = store.load().visitorToken;
// A reload asks for the whole history (lastSeq 0); reconnects within the page ask only for what was missed.
let state = chat.initialState();
let ready = false; // the server sent `session` on this connection, so it listens for our messages
let requestedLastSeq = 0;
let open = !embedded;
let unread = 0;
let active = false;
let pageUrl = "";
let pendingIdentity: Identity | undefined;
// the identity the page vouched for on this page view: only with it does the server hand out past conversations
let signedIn: Identity | undefined;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
let lastTypingSent = 0;
let readSeq = 0; // what the visitor has seen of the conversation, as the server records it
const sendGen = new Map<string, number>(); // the latest attempt per client id; older acks are ignored
let savedOutbox = "[]"; // the outbox as last written to the store

const outboxOf = (s: chat.ChatState) => chat.pendingItems(s).map((i) => ({ clientId: i.clientId!, text: i.text }));

/** The visitor's token, position and unacknowledged messages, as they are now. */
function persist(outbox = outboxOf(state)) {
  savedOutbox = JSON.stringify(outbox);
  store.save({ visitorToken: token, lastSeq: state.lastSeq, outbox });
}

const view = createView(document.getElementById("kefu")!, {
  embedded,
  s,
  avatarUrl: config?.avatarUrl ?? null,
  onSend: send,
  onClose: () => post({ kefu: 1, type: "close" }),
  onHuman: () => {
    view.setError("");
    void request("handoff:request", {}).then((r) => {
      if (!r.ok) view.setError(r.message);
      else if (r.data.leaveMessage === true) forms.leaveMessage(); // no one there (or after hours)
    });
  },
  onTyping: (on) => {
    const now = Date.now();
    if (on && now - lastTypingSent < 2_000) return;
    lastTypingSent = on ? now : 0;
    if (ready) socket.emit("typing", { on });
  },
});

/** An ack'ed request as a promise of its result or error message. */
function request<E extends AckedRequest>(event: E, payload: VisitorRequestPayloads[E]): Promise<Result> {
  // socket.io's types cannot follow a request name that is itself a type parameter: the signature above checks it
  const acked = socket.timeout(SEND_TIMEOUT_MS) as unknown as {
    emit(e: E, p: unknown, ack: (err: Error | null, res: unknown) => void): void;
  };
  return new Promise((resolve) =>
    acked.emit(event, payload, (err, res) =>
      resolve(err ? { ok: false, code: "timeout", message: s.sendFailed } : parseResult(res)),
    ),
  );
}

const forms = createForms({ s, view, preChatForm: !!config?.preChatForm, request });

function set(next: chat.ChatState, live = false) {
  if (live && !open) {
    const before = new Set(state.items.map((i) => i.key));
    const fresh = next.items.filter((i) => !before.has(i.key) && i.role !== "visitor").length;
    if (fresh) post({ kefu: 1, type: "unread", count: (unread += fresh) });
  }
  const seqChanged = next.lastSeq !== state.lastSeq;
  const closedNow = next.status === "closed" && state.status !== "closed";
  state = next;
  const typing = chat.botTyping(state);
  view.render(state, typing);
  clearTimeout(typingTimer);
  if (typing) typingTimer = setTimeout(() => set(state), 121_000); // let the dots expire
  const outbox = outboxOf(state);
  if (seqChanged || JSON.stringify(outbox) !== savedOutbox) persist(outbox);
  markRead();
  if (!!state.conversationId !== active) post({ kefu: 1, type: "active", on: (active = !!state.conversationId) });
  if (closedNow && state.conversationId) forms.rating(state.conversationId);
  if (state.status !== "closed") forms.conversationChanged(state.conversationId);
}

/** Tells the server what the open panel shows, so the next page view's badge counts only what is new. */
function markRead() {
  if (!open || !ready || !state.conversationId || state.lastSeq <= readSeq) return;
  readSeq = state.lastSeq;
  socket.emit("read", { seq: readSeq });
}

const hasConversation = () => !!state.conversationId || chat.pendingItems(state).length > 0;

function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; a Kefu served over plain http on an intranet has none
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function send(text: string) {
  view.setError("");
  const clientId = newClientId();
  set(chat.addPending(state, clientId, text));
  if (ready) emitSend(clientId, text);
}

function emitSend(clientId: string, text: string, attempt = 0) {
  const gen = (sendGen.get(clientId) ?? 0) + 1;
  sendGen.set(clientId, gen);
  const stillWaiting = () =>
    sendGen.get(clientId) === gen && chat.pendingItems(state).some((i) => i.clientId === clientId);
  socket.timeout(SEND_TIMEOUT_MS).emit("message", { clientId, text }, (err: Error | null, res: unknown) => {
    if (!stillWaiting()) return;
    if (err) {
      // no answer: on a live connection try again (the same client id is stored once); else the next session resends
      if (!ready) return;
      if (attempt < 2) return emitSend(clientId, text, attempt + 1);
      return fail(clientId, text, s.sendFailed);
    }
    const ack = parseAck(res);
    sendGen.delete(clientId);
    if (ack.ok) set(chat.ackOk(state, clientId, ack));
    // too fast: not stored and not resent; the text goes back into the box for the visitor to send after the wait
    else if (ack.error.code === "rate_limited")
      fail(clientId, text, s.tooFast.replace("{s}", String(Math.ceil((ack.error.retryAfterMs ?? 1000) / 1000))));
    else fail(clientId, text, ack.error.message);
  });
}

function fail(clientId: string, text: string, message: string) {
  sendGen.delete(clientId);
  set(chat.removePending(state, clientId));
  view.restoreInput(text);
  view.setError(message);
}

/** Becomes another visitor (identified, or a fresh anonymous one after reset): nothing of the old one stays on screen. */
function restartAs(visitorToken: string | undefined) {
  token = visitorToken;
  store.save(visitorToken ? { visitorToken, lastSeq: 0 } : {});
  forms.clear();
  view.setHistory([], lang);
  set(chat.initialState());
  socket.disconnect().connect();
}

async function identify(id: Identity) {
  pendingIdentity = undefined;
  const r = await request("identify", id);
  if (!r.ok)
    return post({ kefu: 1, type: "event", name: "error", code: r.code, message: `${s.identifyFailed}: ${r.message}` });
  signedIn = id;
  // a new visitor's history is loaded once its session arrives; the same one's at once
  if (r.data.changed === true && typeof r.data.visitorToken === "string") restartAs(r.data.visitorToken);
  else void loadHistory();
  post({ kefu: 1, type: "event", name: "identified" });
}

async function loadHistory() {
  const id = signedIn;
  if (!id) return;
  const res = await new Promise<unknown>((resolve) =>
    socket
      .timeout(SEND_TIMEOUT_MS)
      .emit("history", { userId: id.userId, signature: id.signature }, (err: Error | null, r: unknown) =>
        resolve(err ? null : r),
      ),
  );
  if (signedIn !== id) return; // reset or another identity meanwhile
  // a conversation closed while this page was open is already on screen
  const shown = new Set(state.items.map((i) => i.conversationId));
  view.setHistory(
    parseHistory(res).filter((c) => !shown.has(c.id)),
    lang,
  );
}

const socket: Socket<EventsOf<VisitorEvent>, Requests<VisitorRequestPayloads, VisitorFireAndForget>> = io(
  `${location.origin}/visitor`,
  {
    // a function, so every reconnect carries the current token and position
    auth: (cb) => {
      requestedLastSeq = state.lastSeq;
      cb({
        key,
        token,
        lang,
        lastSeq: requestedLastSeq,
        ...(parentOrigin !== "*" ? { origin: parentOrigin } : {}),
        ...(pageUrl ? { page: pageUrl } : {}),
      });
    },
    transports: ["websocket", "polling"],
    autoConnect: false,
  },
);

socket.on("session", (payload: unknown) => {
  const session = parseSession(payload);
  if (!session) return;
  token = session.visitorToken;
  persist();
  if (session.visitor) forms.setProfile({ name: session.visitor.name, email: session.visitor.email });
  const { state: next, resync } = chat.applySession(state, session, requestedLastSeq);
  set(next);
  if (resync) return void socket.disconnect().connect();
  ready = true;
  view.setConnection("");
  readSeq = Math.max(readSeq, session.visitorReadSeq ?? 0);
  if (!open) {
    // replies that came while the visitor was on no page of the site
    const missed = state.items.filter(
      (i) => i.role !== "visitor" && i.conversationId === state.conversationId && (i.seq ?? 0) > readSeq,
    ).length;
    if (missed > unread) post({ kefu: 1, type: "unread", count: (unread = missed) });
  }
  markRead();
  for (const item of chat.pendingItems(state)) emitSend(item.clientId!, item.text);
  if (pendingIdentity) void identify(pendingIdentity);
  else if (signedIn) void loadHistory();
  forms.prechat(hasConversation());
  if (session.leaveMessage && state.status === "waiting") forms.leaveMessage();
  else if (state.status === "waiting") void forms.checkAvailability();
});

socket.on("message", (p: unknown) => {
  const m = parseMessage(p);
  if (!m) return;
  if (m.role === "agent") view.setAgentTyping(false);
  set(chat.applyMessage(state, m), true);
  forms.prechat(hasConversation());
});
socket.on("bot:delta", (p: unknown) => {
  const d = parseDelta(p);
  if (d) set(chat.applyDelta(state, d), true);
});
socket.on("status", (p: unknown) => {
  const ev = parseStatusEvent(p);
  if (!ev) return;
  set(chat.applyStatus(state, ev.status));
  if (ev.leaveMessage) forms.leaveMessage();
  else if (ev.status === "waiting") void forms.checkAvailability();
  else if (ev.status === "agent") forms.agentJoined();
});
socket.on("agent:typing", (p: { on?: unknown } | undefined) => {
  const on = p?.on === true;
  view.setAgentTyping(on);
  clearTimeout(agentTypingTimer);
  if (on) agentTypingTimer = setTimeout(() => view.setAgentTyping(false), 8_000); // a lost "stopped" must not stick
});
socket.on("error", (p: { message?: unknown } | undefined) =>
  view.setError(typeof p?.message === "string" ? p.message : s.loadFailed),
);

socket.on("disconnect", (reason) => {
  ready = false;
  if (reason === "io client disconnect") return;
  view.setConnection(s.reconnecting);
  if (reason === "io server disconnect") socket.connect(); // the server hung up; socket.io does not retry that itself
});

socket.on("connect_error", (err: Error & { data?: { code?: string; message?: string } }) => {
  const code = err.data?.code;
  if (code === "invalid_token" || code === "expired_token") {
    // start over as a new visitor; messages typed meanwhile go to the new conversation
    token = undefined;
    set({ ...chat.initialState(), items: chat.pendingItems(state) });
    persist();
    return void socket.connect();
  }
  if (code === "unknown_key" || code === "origin_not_allowed") {
    view.disable();
    return view.setError(code === "unknown_key" ? s.unknownKey : s.notAllowed);
  }
  if (code === "bad_request") return view.setError(err.data?.message ?? s.startFailed);
  view.setConnection(s.reconnecting);
  if (!socket.active) setTimeout(() => socket.connect(), 5_000); // refused by the server: retry, slowly
});

window.addEventListener("message", (e) => {
  if (!embedded || e.source !== window.parent || (parentOrigin !== "*" && e.origin !== parentOrigin)) return;
  const m = parseLoaderToFrame(e.data);
  if (!m) return;
  if (m.type === "visibility") {
    open = m.open;
    if (open) {
      if (unread) post({ kefu: 1, type: "unread", count: (unread = 0) });
      view.focus();
      markRead();
    }
  } else if (m.type === "page") {
    pageUrl = m.url;
    if (ready) socket.emit("page", { url: m.url });
  } else if (m.type === "identify") {
    const { kefu: _k, type: _t, ...id } = m;
    if (ready) void identify(id);
    else pendingIdentity = id;
  } else if (m.type === "reset") {
    pendingIdentity = signedIn = undefined;
    unread = 0;
    restartAs(undefined);
  }
});
document.addEventListener("keydown", (e) => e.key === "Escape" && post({ kefu: 1, type: "close" }));

// messages typed before a reload (or in a tab that was closed) that the server never acknowledged: shown as
// pending again and sent once the session is up, with their client ids, so one the server did store is not stored twice
for (const o of store.load().outbox ?? []) set(chat.addPending(state, o.clientId, o.text));
if (key) socket.connect();
else view.disable(), view.setError(s.missingKey);
post({ kefu: 1, type: "ready" });
