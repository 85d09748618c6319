import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { createBot, updateBot } from "../lib/bots";
import { leaksSecret } from "../lib/answering/answer-guard";
import { buildPrompt } from "../lib/answering/prompt";
import { db, disconnectDb } from "../lib/db/client";
import { createEntry } from "../lib/knowledge";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

let t: Awaited<ReturnType<typeof makeTenant>>;
let cookie = "";
before(async () => {
  t = await makeTenant("guard");
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "How long does shipping take?",
    content: "Orders ship within 24 hours.",
  });
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "What is your return policy?",
    content: "Returns within 30 days.",
  });
  cookie = await signInCookie(t.admin.email, t.admin.password);
});
after(() => disconnectDb());

const playground = async (botId: string, question: string) =>
  (
    await fetch(`${testEnv.url}/api/admin/playground/answer`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ botId, question }),
    })
  ).text();

// The real model, made to read back its instructions: the bot's instructions are set to what the model says anyway
// (at temperature 0 the tiny model answers much the same whatever the system prompt), so its next answer repeats
// them. The guard must stop it before the repeated run reaches the visitor.
test("a streamed answer that reads back the instructions is stopped before the leaking delta and replaced by a refusal", async (ctx) => {
  const question = "How long does shipping take?";
  const bot = await createBot(t.tenant.id, {
    ...t.bot,
    name: `${t.bot.name} ${crypto.randomUUID().slice(0, 8)}`,
    temperature: 0,
    maxTokens: 64,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  let instructions = "Answer briefly.";
  let tripped = false;
  let rounds = 0;
  for (; rounds < 16 && !tripped; rounds++) {
    const said = await playground(bot.id, question);
    tripped = said.includes("[answer guard:");
    if (!tripped) {
      instructions = `${instructions}\n${said.trim()}`.slice(0, 4000);
      await updateBot(t.tenant.id, bot.id, { ...bot, instructions, knowledgeBaseIds: bot.knowledgeBaseIds });
    }
  }
  assert.ok(tripped, "the model repeated its instructions and the playground showed the guard stopping it");
  ctx.diagnostic(`the model read back its instructions after ${rounds} rounds`);

  const updated = { instructions };
  const { socket } = await connectVisitor({ key: bot.publicKey });
  const deltas: string[] = [];
  socket.on("bot:delta", (d: { delta: string }) => deltas.push(d.delta));
  const answer = waitFor<WireMessage>(socket, "message", (m) => m.role === "bot", 60_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: question });
  const message = await answer;
  socket.close();
  const stored = await db().message.findUniqueOrThrow({ where: { id: message.id }, select: { answerKind: true } });
  assert.equal(stored.answerKind, "refused");
  assert.match(message.text, /can't help with that/);
  const { secret, knowledge } = buildPrompt(updated, []);
  assert.equal(
    leaksSecret(secret, deltas.join(""), knowledge),
    false,
    `what streamed holds no 8-word run of the instructions: ${deltas.join("")}`,
  );
});
