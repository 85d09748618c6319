import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { StubbornVisitor } from "./helpers/delivery-client";
import { startKefu } from "./helpers/server-process";

after(() => disconnectDb());

test("overload: messages past the writer's queue bound get a `busy` ack at once, nothing refused is stored, and resending stores everything exactly once", async () => {
  const t = await makeTenant("busy");
  // a server whose message queue holds only 5: a burst from 4 visitors overflows it
  const kefu = await startKefu({ env: { KEFU_APPEND_MAX_QUEUE: "5" } });
  const visitors = Array.from({ length: 4 }, () => new StubbornVisitor(kefu.url, t.bot.publicKey));
  try {
    await Promise.all(visitors.map((v) => v.ready()));
    for (const v of visitors) assert.ok(await v.send("hello"), "a message on a quiet server is acknowledged");
    await db().conversation.updateMany({ where: { tenantId: t.tenant.id }, data: { status: "agent" } });

    const started = Date.now();
    const burst = await Promise.all(visitors.flatMap((v) => Array.from({ length: 40 }, () => v.send())));
    const busy = visitors.reduce((n, v) => n + (v.errors.get("busy") ?? 0), 0);
    assert.ok(busy > 0, "some messages of the burst were refused as busy");
    assert.equal(burst.filter(Boolean).length + busy, 160, "every message got an ack: stored, or busy");
    assert.equal(
      visitors.reduce((n, v) => n + v.timeouts, 0),
      0,
      "no message was left without an answer",
    );
    assert.ok(Date.now() - started < 3_000, "the refusals came at once, not after a timeout");

    // refused means not stored: the database holds exactly the acknowledged ones
    const stored = await db().message.count({ where: { tenantId: t.tenant.id, role: "visitor" } });
    assert.equal(
      stored,
      visitors.reduce((n, v) => n + v.acked.size, 0),
    );

    // the client resends what was refused: everything ends up stored once, numbered without gaps
    for (const v of visitors) assert.ok(await v.flush(30_000), "all resends were acknowledged");
    for (const v of visitors) {
      const rows = await db().message.findMany({
        where: { tenantId: t.tenant.id, conversationId: v.conversationId },
        orderBy: { seq: "asc" },
      });
      assert.deepEqual(
        rows.map((r) => r.seq),
        rows.map((_, i) => i + 1),
        "seq is 1..n without gaps",
      );
      const visitorRows = rows.filter((r) => r.role === "visitor");
      assert.equal(new Set(visitorRows.map((r) => r.clientId)).size, visitorRows.length, "no client id stored twice");
      assert.equal(visitorRows.length, 41, "hello and the 40 messages of the burst, each once");
      for (const [clientId, ack] of v.acked) {
        const row = visitorRows.find((r) => r.clientId === clientId);
        assert.equal(row?.id, ack.id, `${clientId} is stored as acknowledged`);
      }
    }
  } finally {
    visitors.forEach((v) => v.socket.close());
    await kefu.stop();
  }
});
