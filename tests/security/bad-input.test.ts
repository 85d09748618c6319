// Point 6 of issue 12: bad input is refused as such — `bad_request` naming the field, never a 500 or `internal`
// (which the socket protocol tells widgets to retry forever), never a server path or stack in what a tenant sees.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { disconnectDb } from "../../lib/db/client";
import { KefuError } from "../../lib/errors";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectAgent, connectVisitor, emitAck } from "../helpers/sockets";

let t: Awaited<ReturnType<typeof makeTenant>>;
let cookie: string;
const NUL = "\u0000";

before(async () => {
  t = await makeTenant("badin");
  cookie = await signInCookie(t.admin.email, t.admin.password);
});
after(() => disconnectDb());

async function call(path: string, init: RequestInit & { key?: boolean } = {}) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...(init.key ? { authorization: `Bearer ${t.apiKey}` } : { cookie }),
  };
  const res = await fetch(`${testEnv.url}${path}`, { ...init, headers });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    text,
    body: text.startsWith("{") ? JSON.parse(text) : undefined,
  };
}

function assertBadRequest(res: Awaited<ReturnType<typeof call>>, field: string) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.body?.error?.code, "bad_request");
  assert.match(res.body.error.message, new RegExp(`^${field}: `), res.text);
}

test("a NUL in a REST body field, a query parameter or a path id answers 400 bad_request naming it", async () => {
  assertBadRequest(
    await call("/api/v1/knowledge/entries", {
      key: true,
      method: "POST",
      body: JSON.stringify({ knowledgeBaseId: t.kb.id, title: `a${NUL}b`, content: "x" }),
    }),
    "title",
  );
  assertBadRequest(
    await call("/api/v1/knowledge/entries", {
      key: true,
      method: "POST",
      body: JSON.stringify({ knowledgeBaseId: t.kb.id, title: "ok", content: "x", tags: ["fine", `b${NUL}`] }),
    }),
    "tags.1",
  );
  assertBadRequest(await call("/api/v1/knowledge/entries?q=%00", { key: true }), "q");
  assertBadRequest(await call("/api/v1/knowledge/entries/abc%00def", { key: true }), "id");
  assertBadRequest(await call("/api/v1/conversations/x%00/messages", { key: true }), "id");
  assertBadRequest(
    await call("/api/v1/knowledge/search", {
      key: true,
      method: "POST",
      body: JSON.stringify({ query: `where${NUL}` }),
    }),
    "query",
  );
  // lone surrogates are not text either (JSON can carry them as \ud800)
  assertBadRequest(
    await call("/api/v1/knowledge/bases", { key: true, method: "POST", body: '{"name":"x\\ud800"}' }),
    "name",
  );
  // the admin API, cookie-authenticated
  assertBadRequest(
    await call("/api/admin/canned", { method: "POST", body: JSON.stringify({ shortcut: "hi", text: `hello${NUL}` }) }),
    "text",
  );
  assertBadRequest(
    await call(`/api/admin/knowledge/entries/${t.entry.id}%00`, { method: "PUT", body: JSON.stringify({}) }),
    "id",
  );
  // pages hand their query to the database too
  assertBadRequest(await call("/knowledge?q=%00"), "q");
});

test("a NUL in visitor or agent socket text answers bad_request naming the field, not the retryable `internal`", async () => {
  const { socket: visitor } = await connectVisitor({ key: t.bot.publicKey });
  let agent: Socket | undefined;
  try {
    const bad = await emitAck(visitor, "message", { clientId: crypto.randomUUID(), text: `hi${NUL}there` });
    assert.equal(bad.ok, false);
    assert.equal(bad.error.code, "bad_request");
    assert.match(bad.error.message, /^text: /);
    const good = await emitAck(visitor, "message", { clientId: crypto.randomUUID(), text: "hello" });
    assert.equal(good.ok, true, "the socket still works");

    const read = await emitAck(visitor, "read", { seq: 1e12 });
    assert.equal(read.ok, false);
    assert.equal(read.error.code, "bad_request");

    agent = await connectAgent(cookie);
    const conversationId = good.message?.conversationId ?? good.conversationId;
    assert.ok(conversationId, JSON.stringify(good));
    const reply = await emitAck(agent, "reply", { conversationId, clientId: crypto.randomUUID(), text: `a${NUL}` });
    assert.equal(reply.error?.code, "bad_request", JSON.stringify(reply));
    assert.match(reply.error.message, /^text: /);
    const note = await emitAck(agent, "takeover", { conversationId: `c${NUL}` });
    assert.equal(note.error?.code, "bad_request");
    assert.match(note.error.message, /^conversationId: /);
    const agentRead = await emitAck(agent, "read", { conversationId, seq: 1e12 });
    assert.equal(agentRead.error?.code, "bad_request", JSON.stringify(agentRead));
    assert.match(agentRead.error.message, /^seq: /);
  } finally {
    visitor.close();
    agent?.close();
  }
  await assert.rejects(
    connectVisitor({ key: `pk_${NUL}` }),
    (err: Error & { data?: { code: string } }) => err.data?.code === "bad_request",
  );
  await assert.rejects(
    connectVisitor({ key: t.bot.publicKey, lastSeq: 1e12 }),
    (err: Error & { data?: { code: string } }) => err.data?.code === "bad_request",
  );
});

test("unknown paths under /api answer a JSON 404, never an HTML page", async () => {
  for (const path of [
    "/api/admin/nope",
    "/api/admin/knowledge/nope/deeper",
    "/api/widget/nope",
    "/api/v1/nope",
    "/api/nope",
  ]) {
    for (const method of ["GET", "POST"]) {
      const res = await call(path, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.match(res.type, /application\/json/, `${method} ${path}`);
      assert.equal(res.body?.error?.code, "not_found");
    }
  }
});

test("an error a tenant sees names a model file, not where it lives on the server", () => {
  const err = new KefuError(
    "unavailable",
    "Failed to load model from /work/shared/models/tiny.gguf (see /root/.kefu/secret)",
  );
  assert.deepEqual(err.toJSON(), { code: "unavailable", message: "Failed to load model from tiny.gguf (see secret)" });
  assert.equal(
    new KefuError("not_found", "No such endpoint: see http://localhost:3000/api/v1/openapi.json").toJSON().message,
    "No such endpoint: see http://localhost:3000/api/v1/openapi.json",
  );
});
