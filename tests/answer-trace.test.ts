// The answer trace (issue 14 point 2): every bot answer is stored with where its time went (retrieval, queue, prompt
// evaluation, generation), its tokens and the model that wrote it, always, by the same write as the message; REST
// and the inbox's admin route read it, scoped to the caller's tenant; agents do not get it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { appendMessage, createVisitor, openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
let a: Tenant;
let b: Tenant;

/** A visitor of `t`'s bot asks; resolves with the conversation and the bot's answer once it is stored. */
async function ask(t: Tenant, text: string, token?: string) {
  const { socket, session } = await connectVisitor({ key: t.bot.publicKey, token });
  try {
    const answer = waitFor<WireMessage>(socket, "message", (m) => m.role === "bot", 90_000);
    const ack = await emitAck(socket, "message", { clientId: crypto.randomUUID(), text });
    assert.equal(ack.ok, true);
    return { answer: await answer, conversationId: ack.conversationId as string, token: session.visitorToken };
  } finally {
    socket.close();
  }
}

const get = (path: string, headers: Record<string, string>) =>
  fetch(`${testEnv.url}${path}`, { headers }).then(async (r) => ({ status: r.status, json: await r.json() }));
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let conversationId = "";
let modelAnswerId = "";
let noAnswerId = "";

before(async () => {
  [a, b] = await Promise.all([makeTenant("trace-a"), makeTenant("trace-b")]);
  // the fixture's own entry, asked word for word: confident enough for the model to answer from it
  const first = await ask(a, a.entry.title);
  conversationId = first.conversationId;
  modelAnswerId = first.answer.id;
  const second = await ask(a, "Can I pay with quantum zorblax tokens?", first.token);
  noAnswerId = second.answer.id;
});
after(() => disconnectDb());

test("a model answer's trace: retrieval, queue, prompt and generation times, tokens, tokens/s and the model (REST)", async (t) => {
  const stored = await db().message.findUniqueOrThrow({
    where: { id: modelAnswerId },
    select: { answerKind: true, model: true },
  });
  assert.equal(stored.answerKind, "model", "precondition: the model answered");
  const { status, json } = await get(`/api/v1/conversations/${conversationId}/trace`, bearer(a.apiKey));
  assert.equal(status, 200, JSON.stringify(json));
  const traces = json.data as Record<string, any>[];
  assert.deepEqual(
    traces.map((x) => x.messageId),
    [modelAnswerId, noAnswerId],
    "every bot answer, in order",
  );
  const tr = traces[0];
  t.diagnostic(JSON.stringify(tr));
  assert.equal(tr.model, stored.model);
  assert.equal(tr.model, testEnv.modelId);
  assert.equal(tr.answerKind, "model");
  for (const k of ["retrievalMs", "queueMs", "promptMs", "generationMs"])
    assert.ok(typeof tr[k] === "number" && tr[k] >= 0, `${k}: ${tr[k]}`);
  assert.ok(tr.generationMs > 0, "the generation took time");
  assert.ok(tr.promptMs > 0, "the prompt took time");
  assert.ok(tr.inputTokens + tr.cachedInputTokens > 0, "the prompt's tokens are counted");
  assert.ok(tr.outputTokens >= 1);
  if (tr.outputTokens > 1) assert.ok(tr.tokensPerSecond > 0);
  // the stages happen within the answer's own time from the visitor's message to the stored answer
  assert.ok(tr.retrievalMs + tr.queueMs + tr.promptMs + tr.generationMs <= tr.durationMs + 1, JSON.stringify(tr));
});

test("an answer no model wrote says so: model null, retrieval only", async () => {
  const { json } = await get(`/api/v1/conversations/${conversationId}/trace`, bearer(a.apiKey));
  const tr = (json.data as Record<string, any>[]).find((x) => x.messageId === noAnswerId)!;
  assert.equal(tr.answerKind, "no_answer");
  assert.equal(tr.model, null);
  assert.ok(tr.retrievalMs >= 0);
  assert.deepEqual(
    [tr.queueMs, tr.promptMs, tr.generationMs, tr.inputTokens, tr.outputTokens, tr.tokensPerSecond],
    [null, null, null, null, null, null],
  );
});

test("another tenant cannot read it: its API key and its admin get 404, as for an id that does not exist; agents get 403", async () => {
  const path = `/api/v1/conversations/${conversationId}/trace`;
  const byKey = await get(path, bearer(b.apiKey));
  assert.equal(byKey.status, 404);
  assert.equal(byKey.json.error.code, "not_found");
  assert.deepEqual(await get(`/api/v1/conversations/nope-${conversationId}/trace`, bearer(b.apiKey)), byKey);

  const adminPath = `/api/admin/conversations/${conversationId}/trace`;
  const own = await get(adminPath, { cookie: await signInCookie(a.admin.email, a.admin.password) });
  assert.equal(own.status, 200);
  assert.equal(own.json.data.length, 2);
  const other = await get(adminPath, { cookie: await signInCookie(b.admin.email, b.admin.password) });
  assert.equal(other.status, 404);
  assert.equal(other.json.error.code, "not_found");

  const agent = await addUserToTenant(a.tenant.id, {
    email: `agent-${crypto.randomBytes(3).toString("hex")}@kefu.test`,
    name: "Agent",
    password: "agent-password",
    role: "agent",
  });
  const byAgent = await get(adminPath, { cookie: await signInCookie(agent.email, "agent-password") });
  assert.equal(byAgent.status, 403);
});

test("the writer stores a trace with its message (batched with a visitor message that has none)", async () => {
  const visitor = await createVisitor(a.tenant.id);
  const { conversation: c } = await openConversation(a.tenant.id, a.bot.id, visitor.id);
  const trace = {
    retrievalMs: 1.25,
    queueMs: 0.5,
    promptMs: 12.75,
    generationMs: 40.5,
    inputTokens: 37,
    cachedInputTokens: 11,
  };
  const [q, answer] = await Promise.all([
    appendMessage(a.tenant.id, { conversationId: c.id, role: "visitor", text: "hi" }),
    appendMessage(a.tenant.id, { conversationId: c.id, role: "bot", text: "hello", model: "m", tokens: 9, trace }),
  ]);
  const select = {
    retrievalMs: true,
    queueMs: true,
    promptMs: true,
    generationMs: true,
    inputTokens: true,
    cachedInputTokens: true,
  } as const;
  assert.deepEqual(await db().message.findUniqueOrThrow({ where: { id: answer.message.id }, select }), trace);
  assert.deepEqual(Object.values(await db().message.findUniqueOrThrow({ where: { id: q.message.id }, select })), [
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
});
