// The chat frame (public/widget-frame.html, on Kefu's origin): the visitor's socket, token and conversation live
// here, so the customer's page, on another origin, can neither read the token nor reach the conversation.
import { io } from "socket.io-client";
import { parseAck, parseDelta, parseLoaderToFrame, parseMessage, parseSession, parseStatus, type FrameToLoader } from "./protocol";
import * as chat from "./state";
import { visitorStore } from "./storage";
import { createView } from "./view";

const SEND_TIMEOUT_MS = 10_000;
const params = new URLSearchParams(location.search);
const key = params.get("key") ?? "";
const embedded = window.parent !== window;
// The loader tells us its page's origin so our messages go only there. They carry nothing private (close, an
// unread count), so a frame opened with a wrong origin merely stays mute.
const parentOrigin = params.get("origin") || "*";

const store = visitorStore(key);

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
let typingTimer: ReturnType<typeof setTimeout> | undefined;
const sendGen = new Map<string, number>(); // the latest attempt per client id; older acks are ignored

const view = createView(document.getElementById("kefu")!, {
  embedded,
  onSend: send,
  onClose: () => post({ kefu: 1, type: "close" }),
});

function set(next: chat.ChatState, live = false) {
  if (live && !open) {
    const before = new Set(state.items.map((i) => i.key));
    const fresh = next.items.filter((i) => !before.has(i.key) && i.role !== "visitor").length;
    if (fresh) post({ kefu: 1, type: "unread", count: (unread += fresh) });
  }
  const seqChanged = next.lastSeq !== state.lastSeq;
  state = next;
  const typing = chat.botTyping(state);
  view.render(state, typing);
  clearTimeout(typingTimer);
  if (typing) typingTimer = setTimeout(() => set(state), 121_000); // let the dots expire
  if (seqChanged) store.save({ visitorToken: token, lastSeq: state.lastSeq });
}

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
  const stillWaiting = () => sendGen.get(clientId) === gen && chat.pendingItems(state).some((i) => i.clientId === clientId);
  socket.timeout(SEND_TIMEOUT_MS).emit("message", { clientId, text }, (err: Error | null, res: unknown) => {
    if (!stillWaiting()) return;
    if (err) {
      // no answer: on a live connection try again (the same client id is stored once); else the next session resends
      if (!ready) return;
      if (attempt < 2) return emitSend(clientId, text, attempt + 1);
      return fail(clientId, text, "The message could not be sent. Check your connection and try again.");
    }
    const ack = parseAck(res);
    sendGen.delete(clientId);
    if (ack.ok) set(chat.ackOk(state, clientId, ack));
    else fail(clientId, text, ack.error.message);
  });
}

function fail(clientId: string, text: string, message: string) {
  sendGen.delete(clientId);
  set(chat.removePending(state, clientId));
  view.restoreInput(text);
  view.setError(message);
}

const socket = io(`${location.origin}/visitor`, {
  // a function, so every reconnect carries the current token and position
  auth: (cb) => {
    requestedLastSeq = state.lastSeq;
    cb({ key, token, lastSeq: requestedLastSeq });
  },
  transports: ["websocket", "polling"],
  autoConnect: false,
});

socket.on("session", (payload: unknown) => {
  const session = parseSession(payload);
  if (!session) return;
  token = session.visitorToken;
  store.save({ visitorToken: token, lastSeq: state.lastSeq });
  const { state: next, resync } = chat.applySession(state, session, requestedLastSeq);
  set(next);
  if (resync) return void socket.disconnect().connect();
  ready = true;
  view.setConnection("");
  for (const item of chat.pendingItems(state)) emitSend(item.clientId!, item.text);
});

socket.on("message", (p: unknown) => {
  const m = parseMessage(p);
  if (m) set(chat.applyMessage(state, m), true);
});
socket.on("bot:delta", (p: unknown) => {
  const d = parseDelta(p);
  if (d) set(chat.applyDelta(state, d), true);
});
socket.on("status", (p: { status?: unknown } | undefined) => {
  const status = parseStatus(p?.status);
  if (status) set(chat.applyStatus(state, status));
});
socket.on("error", (p: { message?: unknown } | undefined) => view.setError(typeof p?.message === "string" ? p.message : "The chat could not be loaded."));

socket.on("disconnect", (reason) => {
  ready = false;
  if (reason === "io client disconnect") return;
  view.setConnection("Reconnecting…");
  if (reason === "io server disconnect") socket.connect(); // the server hung up; socket.io does not retry that itself
});

socket.on("connect_error", (err: Error & { data?: { code?: string; message?: string } }) => {
  const code = err.data?.code;
  if (code === "invalid_token" || code === "expired_token") {
    // start over as a new visitor; messages typed meanwhile go to the new conversation
    token = undefined;
    store.save({ lastSeq: 0 });
    set({ ...chat.initialState(), items: chat.pendingItems(state) });
    return void socket.connect();
  }
  if (code === "unknown_key") {
    view.disable();
    return view.setError("This chat is not available: the widget key is not known to the server.");
  }
  if (code === "bad_request") return view.setError(err.data?.message ?? "The chat could not start.");
  view.setConnection("Reconnecting…");
  if (!socket.active) setTimeout(() => socket.connect(), 5_000); // refused by the server: retry, slowly
});

window.addEventListener("message", (e) => {
  if (!embedded || e.source !== window.parent || (parentOrigin !== "*" && e.origin !== parentOrigin)) return;
  const m = parseLoaderToFrame(e.data);
  if (!m) return;
  open = m.open;
  if (open) {
    if (unread) post({ kefu: 1, type: "unread", count: (unread = 0) });
    view.focus();
  }
});
document.addEventListener("keydown", (e) => e.key === "Escape" && post({ kefu: 1, type: "close" }));

if (key) socket.connect();
else view.disable(), view.setError("The widget key is missing.");
post({ kefu: 1, type: "ready" });
