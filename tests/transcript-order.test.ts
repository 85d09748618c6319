// One order for a transcript: a question asked while the bot is still answering the previous one cuts that answer,
// and the cut answer keeps its place before the new question — live and after a reload (real sockets, real model).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import { createBot } from "../lib/bots";
import { disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

after(() => disconnectDb());

test("ask, ask again mid-stream, reload: question 1, the cut answer 1, question 2, answer 2", async () => {
  const t = await makeTenant("order");
  // a long answer at a high temperature, so the second question arrives while the first answer streams
  const bot = await createBot(t.tenant.id, {
    ...t.bot,
    name: `${t.bot.name} ${crypto.randomUUID().slice(0, 8)}`,
    maxTokens: 2048,
    temperature: 0.9,
    fastPath: false,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  const v = await connectVisitor({ key: bot.publicKey });
  const live: WireMessage[] = [];
  const deltas = new Map<string, string>();
  v.socket.on("message", (m: WireMessage) => live.push(m));
  v.socket.on("bot:delta", (d: { messageId: string; delta: string }) =>
    deltas.set(d.messageId, (deltas.get(d.messageId) ?? "") + d.delta),
  );

  const streaming = waitFor(v.socket, "bot:delta", () => true, 60_000);
  const q1 = await emitAck(v.socket, "message", { clientId: crypto.randomUUID(), text: t.entry.title });
  await streaming;
  const q2 = await emitAck(v.socket, "message", {
    clientId: crypto.randomUUID(),
    text: `${t.entry.title} Please answer again.`,
  });
  assert.equal(q2.ok, true);
  // the second answer: a bot message after question 2
  const deadline = Date.now() + 120_000;
  while (!live.some((m) => m.role === "bot" && m.seq > q2.seq)) {
    if (Date.now() > deadline)
      throw new Error(`no answer to question 2: ${JSON.stringify(live.map((m) => [m.seq, m.role]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  v.socket.close();

  const cut = live.find((m) => m.role === "bot" && m.seq < q2.seq);
  assert.ok(cut, `the cut answer was stored before question 2: ${JSON.stringify(live.map((m) => [m.seq, m.role]))}`);
  assert.equal(cut.text, (deltas.get(cut.id) ?? "").trim(), "the stored cut answer is what the visitor saw stream");
  assert.deepEqual([q1.seq, cut.seq, q2.seq], [1, 2, 3]);

  const reloaded = await connectVisitor({ key: bot.publicKey, token: v.session.visitorToken });
  const order = reloaded.session.messages.map((m) => [m.seq, m.role]);
  reloaded.socket.close();
  assert.deepEqual(order.slice(0, 4), [
    [1, "visitor"],
    [2, "bot"],
    [3, "visitor"],
    [4, "bot"],
  ]);
});
