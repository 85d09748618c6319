import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { StubbornVisitor } from "./helpers/delivery-client";
import { startKefu } from "./helpers/server-process";

after(() => disconnectDb());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps sending (two at a time) until `running()` is false; pauses while disconnected. */
async function traffic(v: StubbornVisitor, running: () => boolean) {
  while (running()) {
    if (!v.socket.connected) await sleep(50);
    else await Promise.all([v.send(), v.send()]);
  }
}

/** What the database holds for these visitors: each acknowledged message once, with the acked id and seq, no gaps. */
export async function assertStoredExactlyOnce(
  tenantId: string,
  visitors: StubbornVisitor[],
  ackedBefore: Map<string, { id: string; seq: number }>[],
) {
  for (const [i, v] of visitors.entries()) {
    assert.ok(v.conversationId, "the visitor has a conversation");
    const rows = await db().message.findMany({
      where: { tenantId, conversationId: v.conversationId },
      orderBy: { seq: "asc" },
    });
    const conv = await db().conversation.findUniqueOrThrow({ where: { id: v.conversationId } });
    assert.deepEqual(
      rows.map((r) => r.seq),
      Array.from({ length: rows.length }, (_, k) => k + 1),
      "seq is 1..n without gaps",
    );
    assert.equal(conv.lastSeq, rows.length);
    const byClient = new Map<string, (typeof rows)[number][]>();
    for (const r of rows.filter((r) => r.role === "visitor"))
      byClient.set(r.clientId!, [...(byClient.get(r.clientId!) ?? []), r]);
    for (const [clientId, list] of byClient) assert.equal(list.length, 1, `${clientId} stored once`);
    for (const [clientId, ack] of ackedBefore[i]) {
      const row = byClient.get(clientId)?.[0];
      assert.ok(row, `acknowledged message ${clientId} survived`);
      assert.equal(row.id, ack.id);
      assert.equal(row.seq, ack.seq);
    }
    // every message the visitor ever sent is now acknowledged and stored exactly once
    assert.equal(v.pending.size, 0);
    assert.equal(byClient.size, v.acked.size);
  }
}

test("SIGKILL of the server in the middle of traffic: after restart and resend no acknowledged message is lost and none is stored twice", async () => {
  const t = await makeTenant("crash");
  const kefu = await startKefu();
  const visitors = Array.from({ length: 6 }, () => new StubbornVisitor(kefu.url, t.bot.publicKey));
  try {
    await Promise.all(visitors.map((v) => v.ready()));
    await Promise.all(visitors.map((v) => v.send("hello")));
    // agents hold these conversations: the traffic measures delivery, not the bot
    await db().conversation.updateMany({ where: { tenantId: t.tenant.id }, data: { status: "agent" } });

    let running = true;
    const loops = visitors.map((v) => traffic(v, () => running));
    await sleep(1_500);
    assert.equal(await kefu.stop("SIGKILL"), "SIGKILL");
    const ackedAtKill = visitors.map((v) => new Map(v.acked));
    const total = ackedAtKill.reduce((n, m) => n + m.size, 0);
    assert.ok(total > 50, `traffic was flowing when the server was killed (${total} acknowledged)`);
    await sleep(500);
    running = false;
    await Promise.all(loops);
    assert.ok(
      visitors.some((v) => v.pending.size > 0),
      "some messages were in flight or unsent at the kill",
    );

    const again = await kefu.restart();
    try {
      for (const v of visitors)
        assert.equal(await v.flush(), true, "every pending message is acknowledged after the restart");
      await assertStoredExactlyOnce(t.tenant.id, visitors, ackedAtKill);
    } finally {
      visitors.forEach((v) => v.close());
      await again.stop();
    }
  } finally {
    visitors.forEach((v) => v.close());
    await kefu.stop("SIGKILL");
  }
});
