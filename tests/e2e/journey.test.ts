// The whole first slice as people would live it, in Chromium: a visitor on a customer's site (another origin) asks
// the demo bot; the agent watches the inbox live, takes over, replies, closes; another tenant's agent sees nothing.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { demoTenant, makeTenant } from "../helpers/fixtures";
import { WidgetPage } from "../helpers/widget-page";

async function serveCustomerPage(key: string) {
  const html = `<!doctype html><html><head><title>Customer site</title></head><body><h1>Acme store</h1>
<script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script></body></html>`;
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

class Inbox {
  constructor(readonly page: Page) {}
  conversation = (text: string) => this.page.getByTestId("inbox-conversation").filter({ hasText: text });
  /** stored messages (not the bot's streaming draft) */
  messages = (role?: string) =>
    this.page.locator(
      `[data-testid="inbox-messages"] [data-testid="inbox-message"]${role ? `[data-role="${role}"]` : ""}:not([data-streaming])`,
    );
  status = () => this.page.getByTestId("inbox-status");
  async reply(text: string) {
    await this.page.getByTestId("inbox-reply-input").fill(text);
    await this.page.getByTestId("inbox-reply-send").click();
  }
}

test("visitor asks, bot streams, agent watches live, takes over, replies and closes; other tenants see none of it", {
  timeout: 300_000,
}, async (t) => {
  const { bot } = await demoTenant();
  const other = await makeTenant("journey-other");
  const customer = await serveCustomerPage(bot.publicKey);
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    customer.server.close();
    await disconnectDb();
  });

  const agentPage = await (await browser.newContext()).newPage();
  await signIn(agentPage);
  await agentPage.goto(`${testEnv.url}/inbox`);
  await agentPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
  const inbox = new Inbox(agentPage);

  const otherPage = await (await browser.newContext()).newPage();
  await signIn(otherPage, other.admin.email, other.admin.password);
  await otherPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();

  const visitorPage = await (await browser.newContext()).newPage();
  await visitorPage.goto(customer.url);
  await visitorPage.getByTestId("kefu-launcher").click();
  const widget = new WidgetPage(visitorPage);
  const marker = crypto.randomBytes(3).toString("hex");
  const question = `How long does shipping take? order ${marker}`;

  await t.test("the new conversation and the bot's streamed answer appear in the inbox without reload", async () => {
    await widget.sendByButton(question);
    await inbox.conversation(marker).waitFor({ timeout: 30_000 });
    await inbox.conversation(marker).click();
    await inbox.messages("visitor").filter({ hasText: marker }).waitFor();
    await widget.stored("bot").first().waitFor({ timeout: 120_000 });
    const answer = (await widget.stored("bot").first().locator(".text").textContent())!.trim();
    await inbox.messages("bot").first().waitFor({ timeout: 30_000 });
    assert.ok((await inbox.messages("bot").first().textContent())!.includes(answer.slice(0, 20)));
    assert.match((await inbox.messages("bot").first().textContent()) ?? "", /Sources: .*How long does shipping take\?/);
  });

  await t.test("HTML typed by the visitor shows as text in the inbox and never runs", async () => {
    const html = `<img src=x onerror="window.__pwned=1">${marker}`;
    await widget.sendByButton(html);
    const shown = inbox.messages("visitor").filter({ hasText: "onerror" });
    await shown.waitFor({ timeout: 30_000 });
    assert.ok((await shown.textContent())!.includes(html));
    assert.equal(await agentPage.locator('[data-testid="inbox-messages"] img').count(), 0);
    assert.equal(await agentPage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  await t.test("the agent takes over: the bot stops, the agent's reply reaches the widget at once", async () => {
    await agentPage.getByTestId("inbox-takeover").click();
    await inbox.status().and(agentPage.locator('[data-status="agent"]')).waitFor();
    const botCount = await widget.stored("bot").count();
    await inbox.reply(`Hi, this is a person. <b>${marker}</b>`);
    const reply = widget.stored("agent").filter({ hasText: "this is a person" });
    await reply.waitFor({ timeout: 10_000 });
    assert.equal(await reply.locator(".text").textContent(), `Hi, this is a person. <b>${marker}</b>`);
    await widget.sendByButton("Thanks, human!");
    await inbox.messages("visitor").filter({ hasText: "Thanks, human!" }).waitFor();
    await visitorPage.waitForTimeout(1500);
    assert.equal(await widget.stored("bot").count(), botCount, "the bot stayed silent");
  });

  await t.test("the agent closes the conversation; the widget shows it", async () => {
    await agentPage.getByTestId("inbox-close").click();
    await inbox.status().and(agentPage.locator('[data-status="closed"]')).waitFor();
    await widget.stored("system").filter({ hasText: "closed" }).waitFor();
  });

  await t.test("another tenant's agent saw none of it", async () => {
    assert.equal(await otherPage.getByTestId("inbox-conversation").count(), 0);
    assert.ok(!(await otherPage.content()).includes(marker));
    await otherPage.reload();
    await otherPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
    await otherPage.waitForTimeout(500);
    assert.equal(await otherPage.getByTestId("inbox-conversation").count(), 0);
  });
});
