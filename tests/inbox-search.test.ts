// Inbox search at scale: trigram indexes serve `ILIKE '%q%'` on message text (a side table filled off the send path)
// and visitor name/email, in English and Chinese; a search never returns another tenant's conversation.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { catchUpSearch } from "../lib/conversations/search-index";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck } from "./helpers/sockets";

type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
let agentA: Socket;
let agentB: Socket;
const sockets: Socket[] = [];
before(async () => {
  [a, b] = await Promise.all([makeTenant("sa"), makeTenant("sb")]);
  [agentA, agentB] = await Promise.all([
    connectAgent(await signInCookie(a.admin.email, a.admin.password)),
    connectAgent(await signInCookie(b.admin.email, b.admin.password)),
  ]);
  sockets.push(agentA, agentB);
});
after(async () => {
  for (const s of sockets) s.close();
  await disconnectDb();
});

async function conversationSaying(t: T, text: string) {
  const v = await connectVisitor({ key: t.bot.publicKey });
  sockets.push(v.socket);
  const ack = await emitAck(v.socket, "message", { clientId: crypto.randomUUID(), text });
  assert.equal(ack.ok, true);
  return ack.conversationId as string;
}
const ids = (res: { conversations: { id: string }[] }) => res.conversations.map((c) => c.id);

test("the same words in two tenants: each agent finds only their own tenant's conversation, in English and Chinese", async () => {
  const marker = crypto.randomBytes(4).toString("hex");
  const [inA, inB] = await Promise.all([
    conversationSaying(a, `Refund for order ${marker} please`),
    conversationSaying(b, `Refund for order ${marker} please`),
  ]);
  const [zhA, zhB] = await Promise.all([
    conversationSaying(a, `我要退货，订单号${marker}`),
    conversationSaying(b, `我要退货，订单号${marker}`),
  ]);
  assert.deepEqual(ids(await emitAck(agentA, "conversations:list", { q: `ORDER ${marker}` })), [inA]);
  assert.deepEqual(ids(await emitAck(agentB, "conversations:list", { q: `order ${marker}` })), [inB]);
  assert.deepEqual(ids(await emitAck(agentA, "conversations:list", { q: `退货，订单号${marker}` })), [zhA]);
  assert.deepEqual(ids(await emitAck(agentB, "conversations:list", { q: `退货，订单号${marker}` })), [zhB]);
  // by visitor: B's visitor has the name A searches for; A still finds only its own
  const [cA, cB] = await Promise.all([
    db().conversation.findUniqueOrThrow({ where: { id: inA } }),
    db().conversation.findUniqueOrThrow({ where: { id: inB } }),
  ]);
  await db().visitor.update({
    where: { id: cA.visitorId },
    data: { name: `Zhang ${marker}`, email: `zhang.${marker}@example.cn` },
  });
  await db().visitor.update({
    where: { id: cB.visitorId },
    data: { name: `Zhang ${marker}`, email: `zhang.${marker}@example.cn` },
  });
  assert.deepEqual(ids(await emitAck(agentA, "conversations:list", { q: `zhang ${marker}` })), [inA]);
  assert.deepEqual(ids(await emitAck(agentB, "conversations:list", { q: `${marker}@example` })), [inB]);
});

test("text search reads the side index and the not-yet-copied tail: a new message is found at once and after the copy", async () => {
  const marker = crypto.randomBytes(4).toString("hex");
  const id = await conversationSaying(a, `Is 100% cotton ${marker} available?`);
  const fresh = await db().message.findFirstOrThrow({
    where: { conversationId: id, role: "visitor" },
    select: { id: true },
  });
  // the send path wrote nothing to the side index
  assert.equal(await db().messageSearch.count({ where: { messageId: fresh.id } }), 0);
  assert.deepEqual(
    ids(await emitAck(agentA, "conversations:list", { q: `cotton ${marker}` })),
    [id],
    "found in the tail",
  );
  // pattern characters are literal: "100%" is not "1000 anything"
  assert.deepEqual(ids(await emitAck(agentA, "conversations:list", { q: `10_% cotton ${marker}` })), []);
  assert.deepEqual(ids(await emitAck(agentA, "conversations:list", { q: `100% cotton ${marker}` })), [id]);
  await new Promise((r) => setTimeout(r, 5_500)); // past the settle time
  await catchUpSearch(a.tenant.id);
  const copied = await db().messageSearch.findUniqueOrThrow({ where: { messageId: fresh.id } });
  assert.deepEqual([copied.tenantId, copied.conversationId], [a.tenant.id, id]);
  const cursor = await db().messageSearchCursor.findUniqueOrThrow({ where: { tenantId: a.tenant.id } });
  assert.ok(cursor.indexedUntil.getTime() > Date.now() - 60_000);
  assert.deepEqual(
    ids(await emitAck(agentA, "conversations:list", { q: `COTTON ${marker}` })),
    [id],
    "found in the side index",
  );
  assert.deepEqual(
    ids(await emitAck(agentB, "conversations:list", { q: `cotton ${marker}` })),
    [],
    "never another tenant's",
  );
});

test("the trigram indexes exist and serve a leading-wildcard ILIKE on message text, visitor name and email", async () => {
  const plan = async (sql: string) =>
    db().$transaction(async (tx) => {
      // a test database is small, so the planner would rightly scan it; forbid that to see whether an index can serve
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      const rows = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  assert.match(
    await plan(`SELECT conversation_id FROM message_search WHERE text ILIKE '%refund for%' AND tenant_id = 'x'`),
    /message_search_text_trgm_idx/,
  );
  assert.match(
    await plan(`SELECT conversation_id FROM message_search WHERE text ILIKE '%订单号%' AND tenant_id = 'x'`),
    /message_search_text_trgm_idx/,
  );
  assert.match(await plan(`SELECT id FROM visitors WHERE name ILIKE '%zhang%'`), /visitors_name_trgm_idx/);
  assert.match(await plan(`SELECT id FROM visitors WHERE email ILIKE '%example.cn%'`), /visitors_email_trgm_idx/);
  // and the messages table, written on every send, carries no trigram index
  const { rows } = {
    rows: await db().$queryRawUnsafe<{ indexdef: string }[]>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'messages'`,
    ),
  };
  assert.ok(!rows.some((r) => /gin/i.test(r.indexdef)), rows.map((r) => r.indexdef).join("; "));
});
