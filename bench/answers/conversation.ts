import crypto from "node:crypto";
import { db } from "../../lib/db/client";
import { decodeRate, now } from "../llm/stats";
import type { Visitor } from "../llm/visitor";

export type Reply = {
  text: string;
  answerKind: string | null;
  model: string | null;
  citations: string[]; // entry ids, in the order stored
  firstTokenMs: number | null; // emit → first bot:delta (only answers the model writes stream deltas)
  tokPerSec: number | null;
  tokens: number;
  status: string; // the conversation's status once the answer is stored (waiting: handed to a person)
  /** retrieval's best confidence when the answer was "do not know" (the knowledge gap it recorded): how far below the threshold */
  gapConfidence?: number | null;
};

/** The visitor says `text`; resolves with the bot's stored answer to it, as the visitor and the database see it. */
export async function say(v: Visitor, text: string, timeoutMs: number): Promise<Reply> {
  const { socket } = v;
  let first = 0;
  let last = 0;
  const onDelta = () => {
    last = now();
    if (!first) first = last;
  };
  let onMessage: (m: { id: string; role: string }) => void = () => {};
  const answered = new Promise<{ id: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(text)}`)),
      timeoutMs,
    );
    onMessage = (m) => {
      // a handoff rule (the visitor asked for a person) answers with a system message instead of the bot
      if (m.role !== "bot" && m.role !== "system") return;
      clearTimeout(timer);
      resolve(m);
    };
  });
  socket.on("bot:delta", onDelta);
  socket.on("message", onMessage);
  const sentAt = now();
  try {
    const ack = (await socket.timeout(10_000).emitWithAck("message", { clientId: crypto.randomUUID(), text })) as {
      ok: boolean;
      error?: unknown;
    };
    if (!ack.ok) throw new Error(`message refused: ${JSON.stringify(ack.error)}`);
    const { id } = await answered;
    // a handoff rule runs right after the answer is stored
    await new Promise((r) => setTimeout(r, 300));
    const row = await db().message.findUniqueOrThrow({
      where: { id },
      select: {
        text: true,
        answerKind: true,
        model: true,
        citations: true,
        tokens: true,
        conversationId: true,
        conversation: { select: { status: true } },
      },
    });
    const gap =
      row.answerKind === "no_answer"
        ? await db().knowledgeGap.findFirst({
            where: { conversationId: row.conversationId },
            orderBy: { lastAskedAt: "desc" },
            select: { bestScore: true },
          })
        : null;
    const citations = Array.isArray(row.citations) ? (row.citations as { id: string }[]).map((c) => c.id) : [];
    return {
      text: row.text,
      answerKind: row.answerKind,
      model: row.model,
      citations,
      firstTokenMs: first ? first - sentAt : null,
      tokPerSec: first && row.tokens ? decodeRate(row.tokens, first, last) : null,
      tokens: row.tokens ?? 0,
      status: row.conversation.status,
      gapConfidence: gap ? Math.round(gap.bestScore * 1000) / 1000 : null,
    };
  } finally {
    socket.off("bot:delta", onDelta);
    socket.off("message", onMessage);
  }
}
