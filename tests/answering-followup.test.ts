// A follow-up ("And to Germany?", "那偏远地区呢？") carries its topic in the visitor's previous question: the bot finds
// the entry through both, instead of saying it does not know. Measured by bench:answers (follow-up conversations).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { createBot, type Bot } from "../lib/bots";
import { db, disconnectDb } from "../lib/db/client";
import { createEntry } from "../lib/knowledge";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

type BotMessage = WireMessage & { citations?: { id: string; title: string }[] };
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
let shipping = "";
let fee = "";

before(async () => {
  [t, other] = await Promise.all([makeTenant("followup"), makeTenant("followup-other")]);
  shipping = (
    await createEntry(t.tenant.id, {
      knowledgeBaseId: t.kb.id,
      title: "How long does shipping take?",
      content: "Orders ship within 2 business days. Delivery takes 3 to 5 days in China and 7 to 12 days abroad.",
    })
  ).id;
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "Returns and refunds",
    content: "Unopened tea can be returned within 30 days for a full refund.",
  });
  fee = (
    await createEntry(t.tenant.id, {
      knowledgeBaseId: t.kb.id,
      title: "运费怎么算？",
      content: "订单满 199 元包邮，不满 199 元收取运费 12 元。偏远地区另加 10 元。",
    })
  ).id;
});
after(() => disconnectDb());

const botOf = (tenant: typeof t): Promise<Bot> =>
  createBot(tenant.tenant.id, {
    name: `Bot ${crypto.randomBytes(3).toString("hex")}`,
    greeting: "Hello",
    instructions: "Answer briefly.",
    temperature: 0,
    maxTokens: 16,
    modelId: null,
    knowledgeBaseIds: tenant.bot.knowledgeBaseIds,
    handoffAfterFailures: 0,
  });

/** One visitor asks each question in turn; the bot's stored answers. */
async function conversation(bot: Bot, questions: string[]) {
  const { socket } = await connectVisitor({ key: bot.publicKey });
  const out = [];
  try {
    for (const text of questions) {
      const answer = waitFor<BotMessage>(socket, "message", (m) => m.role === "bot", 60_000);
      assert.equal((await emitAck(socket, "message", { clientId: crypto.randomUUID(), text })).ok, true);
      const m = await answer;
      out.push(
        await db().message.findUniqueOrThrow({
          where: { id: m.id },
          select: { answerKind: true, citations: true, text: true },
        }),
      );
    }
  } finally {
    socket.close();
  }
  return out;
}
const cited = (m: { citations: unknown }) => ((m.citations as { id: string }[] | null) ?? []).map((c) => c.id);

test("an English follow-up is answered from the entry of the question before it", async () => {
  const [, followUp] = await conversation(await botOf(t), ["How long does shipping take?", "And to Germany?"]);
  assert.equal(followUp.answerKind, "model", `answered, not handed away: ${followUp.text}`);
  assert.equal(cited(followUp)[0], shipping);
});

test("a Chinese follow-up too", async () => {
  const [, followUp] = await conversation(await botOf(t), ["运费怎么算？", "那寄到国外呢？"]);
  assert.equal(followUp.answerKind, "model", `answered, not handed away: ${followUp.text}`);
  assert.equal(cited(followUp)[0], fee);
});

test("a new topic after an answered question is not pulled back to the old one", async () => {
  const [, next] = await conversation(await botOf(t), [
    "How long does shipping take?",
    "What will the weather be like in Paris tomorrow?",
  ]);
  assert.equal(next.answerKind, "no_answer", `handed to a person: ${next.text}`);
});

test("the previous question is only ever another tenant's own: another tenant's follow-up finds nothing here", async () => {
  const [, followUp] = await conversation(await botOf(other), ["How long does shipping take?", "And to Germany?"]);
  assert.equal(followUp.answerKind, "no_answer");
  assert.deepEqual(cited(followUp), []);
});
