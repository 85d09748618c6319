// Every message carries its conversation's bot (migration 20261204109000_message_bot), which analytics counts per bot
// without joining conversations: the group commit writes it from the conversation's row, and the database refuses a
// message that names another bot than its conversation's.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createBot } from "../lib/bots";
import { appendMessage, openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";

after(() => disconnectDb());

test("messages written in one batch to conversations of different bots and tenants each carry their conversation's bot", async () => {
  const a = await makeTenant("msgbot-a");
  const b = await makeTenant("msgbot-b");
  const second = await createBot(a.tenant.id, {
    name: "Second",
    greeting: "Hi",
    instructions: "Short.",
    temperature: 0.2,
    maxTokens: 24,
    modelId: null,
    knowledgeBaseIds: [],
  });
  const open = async (tenantId: string, botId: string) => {
    const v = await db().visitor.create({ data: { tenantId }, select: { id: true } });
    return { tenantId, botId, id: (await openConversation(tenantId, botId, v.id)).conversation.id };
  };
  const convs = [
    await open(a.tenant.id, a.bot.id),
    await open(a.tenant.id, second.id),
    await open(b.tenant.id, b.bot.id),
  ];
  // concurrent sends share a batch
  await Promise.all(
    convs.flatMap((c) => [
      appendMessage(c.tenantId, { conversationId: c.id, role: "visitor", text: "hello" }),
      appendMessage(c.tenantId, {
        conversationId: c.id,
        role: "bot",
        text: "hi",
        model: "m",
        answerKind: "model",
        tokens: 2,
      }),
    ]),
  );
  for (const c of convs) {
    const rows = await db().message.findMany({
      where: { conversationId: c.id },
      select: { botId: true, tenantId: true },
    });
    assert.equal(rows.length, 2);
    for (const r of rows) assert.deepEqual(r, { botId: c.botId, tenantId: c.tenantId });
  }
});

test("the database refuses a message whose bot is not its conversation's", async () => {
  const a = await makeTenant("msgbot-fk");
  const other = await makeTenant("msgbot-fk-other");
  const v = await db().visitor.create({ data: { tenantId: a.tenant.id }, select: { id: true } });
  const { conversation } = await openConversation(a.tenant.id, a.bot.id, v.id);
  await assert.rejects(
    db().message.create({
      data: {
        tenantId: a.tenant.id,
        conversationId: conversation.id,
        botId: other.bot.id,
        seq: 1,
        role: "visitor",
        text: "x",
      },
    }),
    /foreign key|Foreign key/i,
  );
});
