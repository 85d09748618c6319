// Encryption at rest (docs/encryption.md): a Kefu started with a key stores message text, visitor contact details and
// left messages as ciphertext, and still shows them in REST, the inbox and its search; a changed byte is refused.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { StubbornVisitor } from "./helpers/delivery-client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { startKefu } from "./helpers/server-process";
import { signInCookieAt } from "./helpers/sign-in";
import { emitAck } from "./helpers/sockets";

after(() => disconnectDb());

const KEY = crypto.randomBytes(32).toString("hex");

async function agentAt(url: string, email: string, password: string): Promise<Socket> {
  const cookie = await signInCookieAt(url, email, password);
  const socket = io(`${url}/agent`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie, origin: url },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

const search = async (agent: Socket, q: string) =>
  (
    (await emitAck<{ ok: boolean; conversations: { id: string }[] }>(agent, "conversations:list", { q }))
      .conversations ?? []
  ).map((c) => c.id);

test("with a key the database holds no plaintext of messages, notes, contacts or left messages; REST and inbox search still show them; a changed byte is refused", async () => {
  const t = await makeTenant("crypt");
  const other = await makeTenant("crypt-other");
  const tag = crypto.randomBytes(5).toString("hex");

  // written before the key was configured (the suite's server has none): still read afterwards
  const early = new StubbornVisitor(testEnv.url, t.bot.publicKey);
  await early.ready();
  assert.equal(await early.send(`before-${tag} 早先的留言`), true);
  early.close();

  const kefu = await startKefu({ env: { KEFU_ENCRYPTION_KEY: `k1:${KEY}` } });
  const v = new StubbornVisitor(kefu.url, t.bot.publicKey);
  const agents: Socket[] = [];
  try {
    await v.ready();
    const secret = `secret-${tag} 我的身份证号码是 110101199003077777`;
    assert.equal(await v.send(secret), true);
    await emitAck(v.socket, "prechat", { name: `Zhang ${tag}`, email: `zhang-${tag}@example.com` });
    await emitAck(v.socket, "leave_message", {
      name: `Zhang ${tag}`,
      email: `zhang-${tag}@example.com`,
      text: `left-${tag} 请回电`,
    });
    const conversationId = v.conversationId as string;

    // the raw tables: ciphertext with the key id, no trace of the words
    const messages = await db().$queryRaw<
      { text: string }[]
    >`SELECT text FROM messages WHERE conversation_id = ${conversationId} AND role = 'visitor'`;
    // the message and the left message (stored as the visitor's message in the conversation)
    assert.equal(messages.length, 2);
    for (const m of messages) assert.match(m.text, /^kefu:1:k1:sm4:[A-Za-z0-9+/=]+$/);
    const like = `%${tag}%`;
    const leaks = await db().$queryRaw<{ n: number }[]>`
      SELECT (SELECT count(*) FROM messages WHERE tenant_id = ${t.tenant.id} AND text LIKE ${like} AND text NOT LIKE 'before-%')::int
           + (SELECT count(*) FROM visitors WHERE tenant_id = ${t.tenant.id} AND (name LIKE ${like} OR email LIKE ${like}))::int
           + (SELECT count(*) FROM offline_messages WHERE tenant_id = ${t.tenant.id} AND (text LIKE ${like} OR email LIKE ${like} OR name LIKE ${like}))::int
           + (SELECT count(*) FROM knowledge_gaps WHERE tenant_id = ${t.tenant.id} AND (question LIKE ${like} OR question_key LIKE ${like}) AND question NOT LIKE 'before-%')::int AS n`;
    assert.equal(leaks[0].n, 0, "no plaintext of the message, the contact or the left message in the database");
    const left = await db().$queryRaw<
      { text: string; email: string }[]
    >`SELECT text, email FROM offline_messages WHERE tenant_id = ${t.tenant.id}`;
    assert.match(left[0].text, /^kefu:1:k1:sm4:/);
    assert.match(left[0].email, /^kefu:1:k1:sm4:/);

    // REST shows the text
    const rest = async (id: string) => {
      const res = await fetch(`${kefu.url}/api/v1/conversations/${id}/messages`, {
        headers: { authorization: `Bearer ${t.apiKey}` },
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          data?: { role: string; text: string }[];
          error?: { code: string; message: string };
        },
      };
    };
    const shown = await rest(conversationId);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.data?.find((m) => m.role === "visitor")?.text, secret);
    assert.equal(
      (await rest(early.conversationId as string)).body.data?.find((m) => m.role === "visitor")?.text,
      `before-${tag} 早先的留言`,
    );

    // the inbox finds it by a word of the message, by the visitor's name, and the plaintext one too
    const agent = await agentAt(kefu.url, t.admin.email, t.admin.password);
    agents.push(agent);
    // an agent's internal note is a message too: sealed the same way
    const note = `note-${tag} 这位是VIP客户`;
    assert.equal(
      (await emitAck<{ ok: boolean }>(agent, "note", { conversationId, clientId: `n-${tag}`, text: note })).ok,
      true,
    );
    const notes = await db().$queryRaw<
      { text: string }[]
    >`SELECT text FROM messages WHERE conversation_id = ${conversationId} AND internal`;
    assert.equal(notes.length, 1);
    assert.match(notes[0].text, /^kefu:1:k1:sm4:/);
    assert.deepEqual(await search(agent, `SECRET-${tag}`), [conversationId]);
    assert.deepEqual(await search(agent, "110101199003077777"), [conversationId]);
    assert.ok((await search(agent, `zhang ${tag}`)).includes(conversationId));
    assert.deepEqual(await search(agent, `before-${tag}`), [early.conversationId]);
    const opened = await emitAck<{
      ok: boolean;
      messages?: { text: string }[];
      conversation?: { visitorName?: string };
    }>(agent, "conversation:open", { conversationId });
    assert.ok(JSON.stringify(opened).includes(secret), "the transcript shows the text");
    assert.ok(JSON.stringify(opened).includes(`Zhang ${tag}`), "and the visitor's name");
    assert.ok(JSON.stringify(opened).includes(note), "and the note");

    // another tenant's inbox search finds nothing of it
    const stranger = await agentAt(kefu.url, other.admin.email, other.admin.password);
    agents.push(stranger);
    assert.deepEqual(await search(stranger, `secret-${tag}`), []);
    assert.deepEqual(await search(stranger, `zhang ${tag}`), []);

    // one flipped byte in the database: a clear error, never garbage
    const [row] = await db().$queryRaw<
      { id: string; text: string }[]
    >`SELECT id, text FROM messages WHERE conversation_id = ${conversationId} AND role = 'visitor'`;
    const body = Buffer.from(row.text.split(":")[4], "base64");
    body[20] ^= 0x04;
    const tampered = row.text.replace(/[^:]+$/, body.toString("base64"));
    await db().$executeRaw`UPDATE messages SET text = ${tampered} WHERE id = ${row.id}`;
    const refused = await rest(conversationId);
    assert.equal(refused.status, 500);
    assert.equal(refused.body.error?.code, "decrypt_failed");
    assert.match(refused.body.error?.message ?? "", /integrity check/);
  } finally {
    for (const a of agents) a.close();
    v.close();
    await kefu.stop();
  }
});
