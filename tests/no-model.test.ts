import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import { appendMessage, messagesAfter, openConversation, createVisitor } from "../lib/conversations";
import { botReply } from "../lib/answering/bot-reply";
import { disconnectDb } from "../lib/db/client";
import { engine } from "../lib/llm";
import { makeTenant } from "./helpers/fixtures";
import { createEntry } from "../lib/knowledge";

after(() => disconnectDb());

// This test process has no model loaded (the server's engine lives in the server process): the same code path a
// Kefu without any model takes.
test("without a model the bot answers with the best matching entry verbatim and offers a human", async () => {
  assert.equal(engine().ready, false);
  const t = await makeTenant("nomodel");
  const visitor = await createVisitor(t.tenant.id);
  const { conversation } = await openConversation(t.tenant.id, t.bot.id, visitor.id);
  await appendMessage(t.tenant.id, {
    conversationId: conversation.id,
    role: "visitor",
    text: t.entry.title,
    clientId: crypto.randomUUID(),
  });
  await botReply(t.tenant.id, t.bot, conversation.id, t.entry.title);
  const [, answer] = await messagesAfter(t.tenant.id, conversation.id, 0);
  assert.equal(answer.role, "bot");
  assert.ok(answer.text.startsWith(t.entry.content), answer.text);
  assert.match(answer.text, /human/);
  assert.deepEqual(
    (answer.citations as { id: string }[]).map((c) => c.id),
    [t.entry.id],
  );
});

test("without a model and without a matching entry the bot says it does not know and offers a human", async () => {
  const t = await makeTenant("nomodel2");
  const visitor = await createVisitor(t.tenant.id);
  const { conversation } = await openConversation(t.tenant.id, t.bot.id, visitor.id);
  await botReply(t.tenant.id, t.bot, conversation.id, "quantum chromodynamics lecture notes");
  const [answer] = await messagesAfter(t.tenant.id, conversation.id, 0);
  assert.match(answer.text, /not sure/);
  assert.match(answer.text, /human/);
});

test("without a model a question in Chinese gets the entry and the offer of a person in Chinese only", async () => {
  const t = await makeTenant("nomodelzh");
  const entry = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "发票怎么开？",
    content: "下单后在「我的订单」中申请电子发票，一个工作日内发到邮箱。",
  });
  const visitor = await createVisitor(t.tenant.id);
  const { conversation } = await openConversation(t.tenant.id, t.bot.id, visitor.id);
  await botReply(t.tenant.id, t.bot, conversation.id, "发票怎么开？");
  const [answer] = await messagesAfter(t.tenant.id, conversation.id, 0);
  assert.ok(answer.text.startsWith(entry.content), answer.text);
  assert.match(answer.text, /人工/);
  assert.doesNotMatch(answer.text, /[A-Za-z]{3,}/, "no English line under a Chinese answer");
});
