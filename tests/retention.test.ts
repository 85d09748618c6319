import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { appendMessage, createVisitor, openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { sweepRetention } from "../lib/privacy/retention";
import { makeTenant } from "./helpers/fixtures";
import { run } from "./helpers/run";

const kefu = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args]);
const DAY = 86_400_000;

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
async function conversation(t: Tenant, state: { closedDaysAgo?: number; createdDaysAgo?: number }) {
  const { id: visitorId } = await createVisitor(t.tenant.id);
  const { conversation: c } = await openConversation(t.tenant.id, t.bot.id, visitorId);
  await appendMessage(t.tenant.id, { conversationId: c.id, role: "visitor", text: "hello" });
  const data =
    state.closedDaysAgo !== undefined
      ? { status: "closed", closedAt: new Date(Date.now() - state.closedDaysAgo * DAY), createdAt: new Date(Date.now() - (state.closedDaysAgo + 1) * DAY) }
      : { createdAt: new Date(Date.now() - (state.createdDaysAgo ?? 0) * DAY) };
  await db().conversation.update({ where: { id: c.id }, data });
  return c.id;
}
const exists = async (id: string) => (await db().conversation.count({ where: { id } })) === 1;

describe("retention: closed conversations past the workspace's period are deleted", () => {
  after(() => disconnectDb());

  test("kefu tenant retention sets the period (audited); the sweep deletes only closed conversations older than it, in that workspace only", async () => {
    const [a, b] = [await makeTenant("ret-a"), await makeTenant("ret-b")];
    const set = await kefu("tenant", "retention", "--tenant", a.tenant.slug, "--days", "30", "--json");
    assert.equal(set.code, 0, set.stderr);
    const [audit] = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id, action: "settings.retention" } });
    assert.deepEqual(audit.diff, { retentionDays: { from: 0, to: 30 } });
    const bad = await kefu("tenant", "retention", "--tenant", a.tenant.slug, "--days", "-3");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--days/);

    const oldClosed = await conversation(a, { closedDaysAgo: 40 });
    const recentClosed = await conversation(a, { closedDaysAgo: 5 });
    const oldOpen = await conversation(a, { createdDaysAgo: 90 });
    const keptByB = await conversation(b, { closedDaysAgo: 400 }); // B keeps for ever (0)

    // two servers sweeping at once: one does the work, the other skips the round; nothing fails
    const results = await Promise.all([sweepRetention(), sweepRetention()]);
    assert.ok(results.some((r) => r && r.conversations >= 1), JSON.stringify(results));

    assert.equal(await exists(oldClosed), false, "closed 40 days ago with a 30-day period: deleted");
    assert.equal(await db().message.count({ where: { conversationId: oldClosed } }), 0, "with its messages");
    assert.equal(await exists(recentClosed), true);
    assert.equal(await exists(oldOpen), true, "an open conversation is never swept");
    assert.equal(await exists(keptByB), true, "another workspace's period does not apply");
    assert.equal(await db().auditEvent.count({ where: { tenantId: a.tenant.id } }), 1, "the sweep leaves the audit log alone");
  });
});
