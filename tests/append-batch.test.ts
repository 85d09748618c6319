import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { appendMessage, openConversation } from "../lib/conversations";
import { makeTenant } from "./helpers/fixtures";

after(() => disconnectDb());

// The group commit builds PostgreSQL array literals itself (lib/conversations/append-batch.ts): whatever a visitor
// types must come back exactly, in one batch with messages that carry the optional columns.
test("one batch stores every text exactly (quotes, backslashes, braces, NULL, emoji), optional columns per row, and a text PostgreSQL refuses fails alone", async () => {
  const t = await makeTenant("append");
  const visitor = await db().visitor.create({ data: { tenantId: t.tenant.id }, select: { id: true } });
  const { conversation } = await openConversation(t.tenant.id, t.bot.id, visitor.id);
  const texts = [
    `a "quoted" {brace}, comma`,
    'back\\slash \\" mix',
    "NULL",
    "null",
    "  {}  ",
    "emoji 🙂 中文",
    "tab\there\nnewline",
    "'single' quotes",
  ];
  const calls = [
    ...texts.map((text, i) =>
      appendMessage(t.tenant.id, {
        conversationId: conversation.id,
        role: "visitor",
        text,
        clientId: i === 2 ? "NULL" : `c-${i}`,
      }),
    ),
    appendMessage(t.tenant.id, {
      conversationId: conversation.id,
      role: "bot",
      text: "cited",
      model: 'm "1"',
      degraded: true,
      citations: [{ id: "e1", title: 'a "b" \\ c' }],
      answerKind: "model",
      tokens: 3,
    }),
    appendMessage(t.tenant.id, {
      conversationId: conversation.id,
      role: "visitor",
      text: "nul \u0000 inside",
      clientId: "c-nul",
    }),
  ];
  const settled = await Promise.allSettled(calls);
  const nul = settled.at(-1)!;
  assert.equal(nul.status, "rejected", "a NUL character is refused by PostgreSQL");
  for (const s of settled.slice(0, -1))
    assert.equal(s.status, "fulfilled", s.status === "rejected" ? String(s.reason) : "");

  const rows = await db().message.findMany({
    where: { tenantId: t.tenant.id, conversationId: conversation.id },
    orderBy: { seq: "asc" },
  });
  assert.deepEqual(
    rows.map((r) => r.seq),
    Array.from({ length: texts.length + 1 }, (_, i) => i + 1),
    "no seq gap from the refused one",
  );
  assert.deepEqual(
    rows.slice(0, texts.length).map((r) => r.text),
    texts,
  );
  assert.equal(rows[2].clientId, "NULL", "a client id spelled NULL is a string, not NULL");
  for (const r of rows.slice(0, texts.length)) assert.equal(r.degraded, false, "rows without the flag get the default");
  const bot = rows.at(-1)!;
  assert.equal(bot.model, 'm "1"');
  assert.equal(bot.degraded, true);
  assert.equal(bot.tokens, 3);
  assert.deepEqual(bot.citations, [{ id: "e1", title: 'a "b" \\ c' }]);
  assert.equal(bot.clientId, null);

  // a resend with the same client id answers with the stored message
  const again = await appendMessage(t.tenant.id, {
    conversationId: conversation.id,
    role: "visitor",
    text: "other",
    clientId: "NULL",
  });
  assert.equal(again.duplicate, true);
  assert.equal(again.message.text, "NULL");
});

// The whole batch is decided by one statement in PostgreSQL (kefu_append_messages): every outcome a batch can mix
// must still come back to the right caller, and nothing may cross tenants.
test("batches mixing tenants, a closed conversation, resends and a client id twice: each caller gets its own outcome, seq stays gapless", async () => {
  const a = await makeTenant("mixa");
  const b = await makeTenant("mixb");
  const open = async (t: typeof a) => {
    const v = await db().visitor.create({ data: { tenantId: t.tenant.id }, select: { id: true } });
    return (await openConversation(t.tenant.id, t.bot.id, v.id)).conversation.id;
  };
  const [mine, closed, theirs] = [await open(a), await open(a), await open(b)];
  const first = await appendMessage(a.tenant.id, {
    conversationId: mine,
    role: "visitor",
    text: "first",
    clientId: "k-1",
  });
  await db().conversation.update({ where: { id: closed }, data: { status: "closed" } });

  // while this one is being written, everything below queues behind it and goes into the next batch of its lane
  const blocker = appendMessage(a.tenant.id, { conversationId: mine, role: "system", text: "blocker" });
  const [resend, twiceA, twiceB, other, intoClosed, systemIntoClosed, crossTenant] = await Promise.allSettled([
    appendMessage(a.tenant.id, { conversationId: mine, role: "visitor", text: "first (again)", clientId: "k-1" }),
    appendMessage(a.tenant.id, { conversationId: mine, role: "visitor", text: "twice", clientId: "k-2" }),
    appendMessage(a.tenant.id, { conversationId: mine, role: "visitor", text: "twice (again)", clientId: "k-2" }),
    appendMessage(a.tenant.id, { conversationId: mine, role: "agent", text: "an agent's reply" }),
    appendMessage(a.tenant.id, {
      conversationId: closed,
      role: "visitor",
      text: "late",
      clientId: "k-3",
      openOnly: true,
    }),
    appendMessage(a.tenant.id, { conversationId: closed, role: "system", text: "closed by the agent" }),
    // tenant A naming tenant B's conversation: answered exactly like a conversation that does not exist
    appendMessage(a.tenant.id, { conversationId: theirs, role: "visitor", text: "sneak", clientId: "k-4" }),
  ]);
  await blocker;
  const ok = <T>(s: PromiseSettledResult<T>) => (
    assert.equal(s.status, "fulfilled", s.status === "rejected" ? String(s.reason) : ""),
    (s as PromiseFulfilledResult<T>).value
  );
  assert.equal(ok(resend).duplicate, true);
  assert.equal(ok(resend).message.id, first.message.id);
  assert.equal(ok(resend).message.text, "first", "a resend answers with what was stored");
  assert.equal(ok(twiceA).duplicate, false);
  assert.equal(ok(twiceB).duplicate, true);
  assert.equal(ok(twiceB).message.id, ok(twiceA).message.id);
  assert.equal(ok(other).message.seq, ok(twiceA).message.seq + 1, "the batch numbers in arrival order");
  assert.equal(ok(other).status, "bot");
  assert.equal(intoClosed.status, "rejected");
  assert.equal((intoClosed as PromiseRejectedResult).reason.code, "closed");
  assert.equal(ok(systemIntoClosed).status, "closed");
  assert.equal(crossTenant.status, "rejected");
  assert.equal((crossTenant as PromiseRejectedResult).reason.code, "not_found");

  assert.equal(
    await db().message.count({ where: { conversationId: theirs } }),
    0,
    "nothing reached tenant B's conversation",
  );
  const rows = await db().message.findMany({
    where: { conversationId: mine },
    orderBy: { seq: "asc" },
    select: { seq: true, text: true },
  });
  assert.deepEqual(rows, [
    { seq: 1, text: "first" },
    { seq: 2, text: "blocker" },
    { seq: 3, text: "twice" },
    { seq: 4, text: "an agent's reply" },
  ]);
  const conv = await db().conversation.findUniqueOrThrow({ where: { id: mine }, select: { lastSeq: true } });
  assert.equal(conv.lastSeq, 4);
});
