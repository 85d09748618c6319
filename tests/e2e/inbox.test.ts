// The inbox as an agent lives in it, in Chromium: a canned reply is set up, a visitor on a customer's site asks for
// a human, the agent finds the conversation in "Waiting", sees the handoff summary and the visitor, answers with
// "/hello", leaves a note the visitor never sees, closes and reopens.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { db, disconnectDb } from "../../lib/db/client";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { WidgetPage } from "../helpers/widget-page";

async function serveCustomerPage(key: string) {
  const html = `<!doctype html><html><head><title>Lisbon shop</title></head><body><h1>Lisbon shop</h1>
<script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script></body></html>`;
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

class InboxPage {
  constructor(readonly page: Page) {}
  conversation = (id: string) => this.page.locator(`[data-testid="inbox-conversation"][data-id="${id}"]`);
  messages = (role?: string) =>
    this.page.locator(
      `[data-testid="inbox-messages"] [data-testid="inbox-message"]${role ? `[data-role="${role}"]` : ""}:not([data-streaming])`,
    );
  status = (s: string) => this.page.locator(`[data-testid="inbox-status"][data-status="${s}"]`);
  input = () => this.page.getByTestId("inbox-reply-input");
  async search(q: string) {
    await this.page.getByTestId("inbox-search").fill(q);
    await this.page.getByTestId("inbox-search").press("Enter");
  }
}

test("an agent takes a waiting conversation from handoff to close and reopen", { timeout: 300_000 }, async (t) => {
  const fx = await makeTenant("e2e-inbox");
  const customer = await serveCustomerPage(fx.bot.publicKey);
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    customer.server.close();
    await disconnectDb();
  });
  const marker = crypto.randomBytes(3).toString("hex");
  const agentPage = await (await browser.newContext()).newPage();
  await signIn(agentPage, fx.admin.email, fx.admin.password);
  const inbox = new InboxPage(agentPage);

  await t.test("the admin adds the canned reply /hello on the settings page", async () => {
    await agentPage.goto(`${testEnv.url}/settings/inbox`);
    await agentPage.getByTestId("canned-shortcut").fill("hello");
    await agentPage.getByTestId("canned-text").fill(`Hello! I'm here to help you ${marker}.`);
    await agentPage.getByTestId("canned-save").click();
    await agentPage.locator('[data-testid="canned-row"][data-shortcut="hello"]').waitFor();
    await agentPage.getByTestId("canned-shortcut").fill("hello");
    await agentPage.getByTestId("canned-text").fill("again");
    await agentPage.getByTestId("canned-save").click();
    await agentPage.getByTestId("canned-error").filter({ hasText: "/hello is already used" }).waitFor();
  });

  await agentPage.goto(`${testEnv.url}/inbox`);
  await agentPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
  // the inbox makes the agent online; the team strip shows it
  await agentPage
    .locator('[data-testid="inbox-team-member"][data-presence="online"]')
    .filter({ hasText: fx.admin.name })
    .waitFor();
  await agentPage.getByTestId("inbox-view-waiting").click();

  const visitorPage = await (await browser.newContext()).newPage();
  await visitorPage.goto(customer.url);
  await visitorPage.getByTestId("kefu-launcher").click();
  const widget = new WidgetPage(visitorPage);
  let conversationId = "";

  await t.test("the visitor asks for a human; the conversation shows up in Waiting, unread", async () => {
    await widget.sendByButton(`Do you deliver to Lisbon? order ${marker}`);
    await widget.stored("visitor").first().waitFor();
    await widget.sendByButton("human");
    await widget.stored("system").first().waitFor({ timeout: 60_000 });
    const conv = await db().conversation.findFirstOrThrow({
      where: { tenantId: fx.tenant.id },
      select: { id: true, visitorId: true },
    });
    conversationId = conv.id;
    // an anonymous visitor is named by the end of their id, not by the bot's name (every conversation had it)
    const anonymous = `Visitor ${conv.visitorId.slice(-4).toUpperCase()}`;
    await inbox
      .conversation(conversationId)
      .getByTestId("inbox-conversation-title")
      .filter({ hasText: anonymous })
      .waitFor({ timeout: 30_000 });
    // what the widget's pre-chat form would have filled in
    await db().visitor.update({
      where: { id: conv.visitorId },
      data: { name: `Lena ${marker}`, email: `lena.${marker}@example.com`, lastPage: customer.url },
    });
    await inbox.search(marker);
    await inbox.conversation(conversationId).waitFor({ timeout: 30_000 });
    assert.equal(await inbox.conversation(conversationId).getAttribute("data-status"), "waiting");
    await inbox
      .conversation(conversationId)
      .getByTestId("inbox-conversation-title")
      .filter({ hasText: `Lena ${marker}` })
      .waitFor();
    assert.ok(
      Number(await inbox.conversation(conversationId).getAttribute("data-unread")) >= 2,
      "the visitor's messages are unread",
    );
    await agentPage.getByTestId("inbox-view-waiting-unread").waitFor();
  });

  await t.test("opening it shows the handoff reason, the summary and the visitor, and reads it", async () => {
    await inbox.conversation(conversationId).click();
    await inbox.status("waiting").waitFor();
    await agentPage.locator('[data-testid="inbox-handoff-reason"][data-reason="visitor_asked"]').waitFor();
    const summary = (await agentPage.getByTestId("inbox-summary").textContent())!.trim();
    assert.ok(summary.length > 5, `summary: ${summary}`);
    assert.equal(await agentPage.getByTestId("visitor-name").textContent(), `Lena ${marker}`);
    assert.equal(await agentPage.getByTestId("visitor-email").textContent(), `lena.${marker}@example.com`);
    assert.equal(await agentPage.getByTestId("visitor-page").textContent(), customer.url);
    await inbox
      .messages("visitor")
      .filter({ hasText: `Lisbon? order ${marker}` })
      .waitFor();
    await agentPage
      .locator(`[data-testid="inbox-conversation"][data-id="${conversationId}"][data-unread="0"]`)
      .waitFor();
  });

  await t.test('"/hello" inserts the canned reply; sending it takes over and reaches the visitor', async () => {
    await inbox.input().fill("/hel");
    await agentPage.locator('[data-testid="canned-suggestion"][data-shortcut="hello"]').click();
    assert.equal(await inbox.input().inputValue(), `Hello! I'm here to help you ${marker}.`);
    await agentPage.getByTestId("inbox-reply-send").click();
    await inbox.status("agent").waitFor();
    await widget
      .stored("agent")
      .filter({ hasText: `here to help you ${marker}` })
      .waitFor({ timeout: 10_000 });
  });

  await t.test("an internal note is shown to the agent and never to the visitor", async () => {
    const note = `Checked the courier for ${marker}: delayed`;
    await agentPage.getByTestId("inbox-mode-note").click();
    await inbox.input().fill(note);
    await agentPage.getByTestId("inbox-reply-send").click();
    await agentPage.locator('[data-testid="inbox-message"][data-internal="true"]').filter({ hasText: note }).waitFor();
    await agentPage.getByTestId("inbox-mode-reply").click();
    await inbox.input().fill("It ships tomorrow.");
    await agentPage.getByTestId("inbox-reply-send").click();
    await widget.stored("agent").filter({ hasText: "It ships tomorrow." }).waitFor({ timeout: 10_000 });
    assert.ok(!(await widget.chat().locator("body").textContent())!.includes("courier"), "the visitor saw the note");
    await visitorPage.reload();
    await visitorPage.getByTestId("kefu-launcher").click();
    await widget.stored("agent").filter({ hasText: "It ships tomorrow." }).waitFor({ timeout: 10_000 });
    assert.ok(
      !(await widget.chat().locator("body").textContent())!.includes("courier"),
      "the note was replayed to the visitor",
    );
  });

  await t.test("the agent closes the conversation, then reopens it", async () => {
    await agentPage.getByTestId("inbox-close").click();
    await inbox.status("closed").waitFor();
    await widget.stored("system").filter({ hasText: "closed" }).waitFor();
    await agentPage.getByTestId("inbox-reopen").click();
    await inbox.status("agent").waitFor();
    await inbox.messages("system").filter({ hasText: "reopened" }).waitFor();
    await agentPage.getByTestId("inbox-label-input").fill("delivery");
    await agentPage.getByTestId("inbox-label-input").press("Enter");
    await agentPage.getByTestId("inbox-label").filter({ hasText: "delivery" }).waitFor();
  });
});
