import crypto from "node:crypto";
import { io as ioClient, type Socket } from "socket.io-client";
import { db } from "../../lib/db/client";
import { decodeRate, now } from "./stats";
import { QUESTION } from "./workload";

/** ask(), plus whether the stored answer is whole: the deltas add up to it, it is not a fallback, it has its model. */
export async function askFull(v: Visitor, timeoutMs: number) {
  let streamed = "";
  const on = (p: { delta: string }) => (streamed += p.delta);
  v.socket.on("bot:delta", on);
  try {
    const t = await ask(v, timeoutMs);
    const row = await db().message.findFirst({
      where: { conversationId: t.conversationId, role: "bot" },
      orderBy: { seq: "desc" },
      select: { model: true, text: true },
    });
    const whole = t.ok && streamed.trim() === t.text && row?.text === t.text && !!row?.model;
    return { ...t, ok: whole, streamed, model: row?.model ?? null };
  } finally {
    v.socket.off("bot:delta", on);
  }
}

export type Visitor = { socket: Socket };
export function connectVisitor(url: string, key: string): Promise<Visitor> {
  const socket = ioClient(`${url}/visitor`, {
    auth: { key },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (socket.close(), reject(new Error("visitor: no session within 10 s"))), 10_000);
    socket.once("session", () => (clearTimeout(timer), resolve({ socket })));
    socket.once("connect_error", (err) => (clearTimeout(timer), socket.close(), reject(err)));
  });
}

export type Turn = {
  sentAt: number; // performance.now() of this process (+ performance.timeOrigin: comparable with the server's trace)
  messageId: string | undefined;
  ackMs: number;
  ttftMs: number; // emit → first bot:delta, at the client
  streamMs: number; // first → last bot:delta
  doneMs: number; // emit → the stored answer's `message` event
  deltas: number;
  chars: number;
  tokens: number; // messages.tokens of the stored answer
  serverTtftMs: number | null; // messages.first_token_ms: the server's own clock, message received → first token
  tokPerSec: number;
  charsPerSec: number;
  text: string;
  ok: boolean;
  conversationId: string;
};

/** One question from one visitor; resolves when the stored answer arrives. */
export async function ask(v: Visitor, timeoutMs: number): Promise<Turn> {
  const { socket } = v;
  let first = 0;
  let last = 0;
  let deltas = 0;
  let chars = 0;
  let messageId: string | undefined;
  const done = new Promise<{ id: string; text: string; conversationId: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on("bot:delta", (p: { messageId: string; delta: string }) => {
      last = now();
      if (!first) first = last;
      deltas++;
      chars += p.delta.length;
      messageId ??= p.messageId;
    });
    socket.on("message", (m: { id: string; role: string; text: string; conversationId: string }) => {
      if (m.role !== "bot") return;
      clearTimeout(timer);
      resolve(m);
    });
  });
  const sentAt = now();
  const ack = (await socket
    .timeout(10_000)
    .emitWithAck("message", { clientId: crypto.randomUUID(), text: QUESTION })) as { ok: boolean; error?: unknown };
  const ackMs = now() - sentAt;
  if (!ack.ok) throw new Error(`message refused: ${JSON.stringify(ack.error)}`);
  const answer = await done;
  const doneMs = now() - sentAt;
  const row = await db().message.findUnique({
    where: { id: messageId ?? answer.id },
    select: { tokens: true, firstTokenMs: true, text: true },
  });
  const tokens = row?.tokens ?? 0;
  return {
    sentAt,
    messageId,
    ackMs,
    ttftMs: first ? first - sentAt : NaN,
    streamMs: first ? last - first : NaN,
    doneMs,
    deltas,
    chars,
    tokens,
    serverTtftMs: row?.firstTokenMs ?? null,
    tokPerSec: decodeRate(tokens, first, last),
    charsPerSec: last > first ? (chars * 1000) / (last - first) : NaN,
    text: answer.text,
    ok: deltas > 0 && tokens > 0 && answer.id === messageId,
    conversationId: answer.conversationId,
  };
}
