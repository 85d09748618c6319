// Issue 14 point 5: an integration acts in a conversation over REST and the visitor sees it live on its socket.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor } from "./helpers/sockets";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;

async function api(key: string, p: string, body: unknown = {}) {
  const res = await fetch(`${testEnv.url}${p}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe("REST actions on a conversation", () => {
  let a: Fixture;
  let b: Fixture;
  before(async () => {
    a = await makeTenant("acta");
    b = await makeTenant("actb");
  });
  after(disconnectDb);

  test("handoff, an API message the visitor sees live, assign, labels and close; tenant B gets 404 for each", async () => {
    const { socket } = await connectVisitor({ key: a.bot.publicKey });
    try {
      const ack = await emitAck(socket, "message", {
        clientId: crypto.randomUUID(),
        text: "I want to change my order",
      });
      const conv = `/api/v1/conversations/${ack.conversationId}`;

      // another tenant's key: every action answers like a conversation that does not exist, and changes nothing
      for (const [p, body] of [
        ["/handoff", {}],
        ["/messages", { text: "from B" }],
        ["/assign", { userId: b.admin.id }],
        ["/labels", { add: ["b"] }],
        ["/close", {}],
      ] as const) {
        const res = await api(b.apiKey, `${conv}${p}`, body);
        assert.equal(res.status, 404, p);
        assert.equal(res.json.error.code, "not_found");
      }

      const waiting = waitFor(socket, "status", (s: any) => s.status === "waiting");
      const handed = await api(a.apiKey, `${conv}/handoff`);
      assert.equal(handed.status, 200);
      assert.equal(handed.json.data.status, "waiting");
      await waiting;

      const live = waitFor(socket, "message", (m: any) => m.role === "agent");
      const sent = await api(a.apiKey, `${conv}/messages`, { text: "Your order 1042 is changed.", clientId: "crm-1" });
      assert.equal(sent.status, 201);
      const seen = await live;
      assert.equal(seen.text, "Your order 1042 is changed.");
      assert.equal(seen.id, sent.json.data.id);
      const again = await api(a.apiKey, `${conv}/messages`, { text: "Your order 1042 is changed.", clientId: "crm-1" });
      assert.equal(again.json.data.id, sent.json.data.id, "a retried POST with the same clientId stores one message");

      const empty = await api(a.apiKey, `${conv}/messages`, { text: "  " });
      assert.equal(empty.status, 400);
      assert.equal(empty.json.error.code, "empty");

      assert.equal(
        (await api(a.apiKey, `${conv}/assign`, { userId: b.admin.id })).status,
        404,
        "B's member is not A's team",
      );
      const assigned = await api(a.apiKey, `${conv}/assign`, { userId: a.admin.id });
      assert.equal(assigned.json.data.assigneeId, a.admin.id);

      const labelled = await api(a.apiKey, `${conv}/labels`, { add: ["vip", "order"] });
      assert.deepEqual(labelled.json.data.labels.sort(), ["order", "vip"]);

      const closedLive = waitFor(socket, "status", (s: any) => s.status === "closed");
      const closed = await api(a.apiKey, `${conv}/close`);
      assert.equal(closed.json.data.status, "closed");
      await closedLive;
      const late = await api(a.apiKey, `${conv}/messages`, { text: "too late" });
      assert.equal(late.status, 409);
      assert.equal(late.json.error.code, "closed");
    } finally {
      socket.close();
    }
  });
});
