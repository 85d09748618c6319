// Issue 14 point 5 in Chromium: an event sent over REST shows in the inbox's visitor panel of that customer's conversation.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { appendMessage, openConversation, setStatus } from "../../lib/conversations";
import { db, disconnectDb } from "../../lib/db/client";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

test("the visitor panel lists the customer's events, newest first", { timeout: 180_000 }, async (t) => {
  const fx = await makeTenant("e2e-events");
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await disconnectDb();
  });
  const marker = crypto.randomBytes(3).toString("hex");
  const customer = `crm-${marker}`;
  for (const [type, title, occurredAt] of [
    ["order.placed", `Order ${marker} placed`, "2026-12-01T09:30:00Z"],
    ["ticket.opened", `Ticket ${marker}: the lid is cracked`, "2026-12-02T10:00:00Z"],
  ]) {
    const res = await fetch(`${testEnv.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${fx.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ visitorExternalId: customer, type, title, occurredAt }),
    });
    assert.equal(res.status, 201);
  }
  const visitor = await db().visitor.findFirstOrThrow({
    where: { tenantId: fx.tenant.id, externalId: customer },
    select: { id: true },
  });
  const { conversation } = await openConversation(fx.tenant.id, fx.bot.id, visitor.id);
  await appendMessage(fx.tenant.id, {
    conversationId: conversation.id,
    role: "visitor",
    text: `Where is my kettle ${marker}?`,
  });
  await setStatus(fx.tenant.id, conversation.id, "waiting");

  const page = await (await browser.newContext()).newPage();
  await signIn(page, fx.admin.email, fx.admin.password);
  await page.goto(`${testEnv.url}/inbox`);
  await page.getByTestId("inbox-search").fill(marker);
  await page.getByTestId("inbox-search").press("Enter");
  const row = page.locator(`[data-testid="inbox-conversation"][data-id="${conversation.id}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.getByTestId("visitor-events").waitFor();
  const items = await page.getByTestId("visitor-event").allTextContents();
  assert.equal(items.length, 2);
  assert.match(items[0], new RegExp(`ticket\\.opened.*Ticket ${marker}: the lid is cracked`));
  assert.match(items[1], new RegExp(`order\\.placed.*Order ${marker} placed`));
  assert.match((await page.getByTestId("inbox-visitor").textContent()) ?? "", /Customer events/);
});
