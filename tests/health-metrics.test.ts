import assert from "node:assert/strict";
import crypto from "node:crypto";
import path from "node:path";
import { after, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor } from "./helpers/sockets";

after(() => disconnectDb());

test("GET /api/health is 200 with the database and the model ready", async () => {
  const res = await fetch(`${testEnv.url}/api/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.database, "ok");
  assert.equal(body.model.status, "ready");
  assert.equal(body.model.id, testEnv.modelId);
  assert.ok(body.model.threads >= 1);
});

test("GET /api/health reports the embedding model's state next to the chat model's", async () => {
  const res = await fetch(`${testEnv.url}/api/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  // the test server runs with KEFU_EMBEDDING_MODEL_PATH set to the tiny model
  assert.equal(body.embedding.status, "ready");
  assert.equal(body.embedding.model, path.basename(process.env.KEFU_TEST_EMBEDDING_MODEL!));
  assert.equal(body.embedding.error, null);
});

test("/metrics serves Prometheus text with messages, first-token time and tokens/s", async () => {
  const t = await makeTenant("metrics");
  const { socket } = await connectVisitor({ key: t.bot.publicKey });
  const answered = waitFor(socket, "message", (m: { role: string }) => m.role === "bot", 30_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: t.entry.title });
  await answered;
  socket.close();
  const res = await fetch(`${testEnv.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
  const text = await res.text();
  assert.match(text, new RegExp(`kefu_messages_total\\{tenant="${t.tenant.id}",role="visitor"\\} 1`));
  assert.match(text, new RegExp(`kefu_messages_total\\{tenant="${t.tenant.id}",role="bot"\\} 1`));
  assert.match(
    text,
    new RegExp(`kefu_model_first_token_seconds_count\\{tenant="${t.tenant.id}",model="stories260K"\\} 1`),
  );
  assert.match(text, new RegExp(`kefu_model_tokens_per_second\\{tenant="${t.tenant.id}",model="stories260K"\\} [1-9]`));
  assert.match(text, new RegExp(`kefu_open_conversations\\{tenant="${t.tenant.id}"\\} 1`));
  assert.match(text, /kefu_model_ready 1/);
});
