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
  const texts = [`a "quoted" {brace}, comma`, "back\\slash \\\" mix", "NULL", "null", "  {}  ", "emoji 🙂 中文", "tab\there\nnewline", "'single' quotes"];
  const calls = [
    ...texts.map((text, i) => appendMessage(t.tenant.id, { conversationId: conversation.id, role: "visitor", text, clientId: i === 2 ? "NULL" : `c-${i}` })),
    appendMessage(t.tenant.id, { conversationId: conversation.id, role: "bot", text: "cited", model: "m \"1\"", degraded: true, citations: [{ id: "e1", title: 'a "b" \\ c' }], answerKind: "model", tokens: 3 }),
    appendMessage(t.tenant.id, { conversationId: conversation.id, role: "visitor", text: "nul \u0000 inside", clientId: "c-nul" }),
  ];
  const settled = await Promise.allSettled(calls);
  const nul = settled.at(-1)!;
  assert.equal(nul.status, "rejected", "a NUL character is refused by PostgreSQL");
  for (const s of settled.slice(0, -1)) assert.equal(s.status, "fulfilled", s.status === "rejected" ? String(s.reason) : "");

  const rows = await db().message.findMany({ where: { tenantId: t.tenant.id, conversationId: conversation.id }, orderBy: { seq: "asc" } });
  assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: texts.length + 1 }, (_, i) => i + 1), "no seq gap from the refused one");
  assert.deepEqual(rows.slice(0, texts.length).map((r) => r.text), texts);
  assert.equal(rows[2].clientId, "NULL", "a client id spelled NULL is a string, not NULL");
  for (const r of rows.slice(0, texts.length)) assert.equal(r.degraded, false, "rows without the flag get the default");
  const bot = rows.at(-1)!;
  assert.equal(bot.model, 'm "1"');
  assert.equal(bot.degraded, true);
  assert.equal(bot.tokens, 3);
  assert.deepEqual(bot.citations, [{ id: "e1", title: 'a "b" \\ c' }]);
  assert.equal(bot.clientId, null);

  // a resend with the same client id answers with the stored message
  const again = await appendMessage(t.tenant.id, { conversationId: conversation.id, role: "visitor", text: "other", clientId: "NULL" });
  assert.equal(again.duplicate, true);
  assert.equal(again.message.text, "NULL");
});
