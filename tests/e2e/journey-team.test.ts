// A team adopts Kefu from nothing, in Chromium: the server's operator creates a tenant and its owner with the CLI;
// the owner copies the starter bot's embed snippet onto the shop's page (another origin); a visitor chats with the
// bot, finds no one and leaves a message, and rates the conversation once the owner closed it; an agent invited on
// the Team page sets a password through the one-time link and finds the chat, the left message and the rating in
// the inbox, also through the rating filter. Another tenant's agent sees none of it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { authenticate } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { run } from "../helpers/run";
import { WidgetPage } from "../helpers/widget-page";

const kefu = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args]);

/** The shop's own page on another origin, with the snippet pasted as the Bots page shows it. */
async function serveShopPage(snippet: string) {
  const html = `<!doctype html><html><head><title>Shop</title></head><body><h1>Teapots</h1>\n${snippet}\n</body></html>`;
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/teapots/blue` };
}

const row = (page: Page, id: string) => page.locator(`[data-testid="inbox-conversation"][data-id="${id}"]`);

test("a new tenant's owner embeds the starter bot; a visitor chats, leaves a message and rates; an invited agent sees it all", {
  timeout: 480_000,
}, async (t) => {
  const marker = crypto.randomBytes(3).toString("hex");
  const slug = `journey-${marker}`;
  const ownerEmail = `owner-${marker}@kefu.test`;
  const agentEmail = `agent-${marker}@kefu.test`;
  const other = await makeTenant("journey-team-other");
  const browser = await launchBrowser();
  let shop: Awaited<ReturnType<typeof serveShopPage>> | undefined;
  t.after(async () => {
    await browser.close();
    shop?.server.close();
    await disconnectDb();
  });

  let publicKey = "";
  await t.test("the operator creates the tenant and its owner with the CLI", async () => {
    const tenant = await kefu("tenant", "create", "--name", `Teapot Shop ${marker}`, "--slug", slug, "--json");
    assert.equal(tenant.code, 0, tenant.stderr);
    publicKey = tenant.json.starterBot.publicKey;
    const owner = await kefu(
      "user",
      "create",
      "--tenant",
      slug,
      "--email",
      ownerEmail,
      "--name",
      "Olivia",
      "--role",
      "owner",
      "--password",
      "olivia-password",
      "--json",
    );
    assert.equal(owner.code, 0, owner.stderr);
  });

  const ownerPage = await (await browser.newContext()).newPage();
  await t.test("the owner signs in and copies the starter bot's embed snippet from the Bots page", async () => {
    await signIn(ownerPage, ownerEmail, "olivia-password");
    await ownerPage.getByTestId("nav-bots").click();
    const bots = ownerPage.getByTestId("bot-row");
    await bots.first().waitFor();
    assert.equal(await bots.count(), 1, "a new tenant has its starter bot");
    await bots.first().locator("a").first().click();
    const snippet = (await ownerPage.getByTestId("embed-snippet").textContent())!.trim();
    assert.ok(snippet.includes(publicKey), snippet);
    shop = await serveShopPage(snippet);
    // away from Kefu: no inbox of the tenant is open, so the visitor will find no one online
    await ownerPage.goto("about:blank");
  });

  const visitorPage = await (await browser.newContext()).newPage();
  const widget = new WidgetPage(visitorPage);
  const question = `Do you ship teapots abroad? ${marker}`;
  await t.test("a visitor on the shop's page chats with the bot", async () => {
    await visitorPage.goto(shop!.url);
    await widget.open();
    await widget.send(question);
    await widget.stored("visitor").filter({ hasText: marker }).waitFor({ timeout: 30_000 });
    await widget.stored("bot").first().waitFor({ timeout: 180_000 });
  });

  await t.test("no one is online: the visitor asks for a person and leaves a message with their email", async () => {
    await widget.chat().getByTestId("kefu-human").click();
    await widget.chat().getByTestId("kefu-leave").waitFor({ timeout: 30_000 });
    await widget.chat().getByTestId("kefu-leave-name").fill("Li Lei");
    await widget.chat().getByTestId("kefu-leave-email").fill(`li.${marker}@example.cn`);
    await widget.chat().getByTestId("kefu-leave-text").fill(`Please call me about a broken lid ${marker}`);
    await widget.chat().getByTestId("kefu-leave-submit").click();
    await widget.chat().getByTestId("kefu-leave-thanks").waitFor();
  });

  let conversationId = "";
  await t.test("the owner closes it in the inbox; the visitor rates it 2 stars with a comment", async () => {
    await ownerPage.goto(`${testEnv.url}/inbox`);
    await ownerPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
    await ownerPage.getByTestId("inbox-view-left").click();
    const conv = ownerPage.getByTestId("inbox-conversation").first();
    await conv.waitFor({ timeout: 30_000 });
    conversationId = (await conv.getAttribute("data-id"))!;
    await conv.click();
    await ownerPage
      .getByTestId("left-message-text")
      .filter({ hasText: `broken lid ${marker}` })
      .waitFor();
    await ownerPage.getByTestId("inbox-close").click();
    await widget.chat().getByTestId("kefu-csat").waitFor({ timeout: 30_000 });
    await widget.chat().locator('[data-testid="kefu-csat-star"][data-value="2"]').click();
    await widget.chat().getByTestId("kefu-csat-comment").fill(`Lid still broken ${marker}`);
    await widget.chat().getByTestId("kefu-csat-submit").click();
    await widget.chat().getByTestId("kefu-csat-thanks").waitFor();
  });

  let inviteLink = "";
  await t.test("the owner invites an agent on the Team page with a one-time link", async () => {
    await ownerPage.getByTestId("nav-team").click();
    await ownerPage.waitForURL(/\/settings\/team$/);
    const form = ownerPage.getByTestId("member-add");
    await form.getByTestId("member-add-email").fill(agentEmail);
    await form.getByTestId("member-add-name").fill("Wang Fang");
    await form.getByTestId("member-add-role").selectOption("agent");
    await form.getByTestId("member-add-link").check();
    await form.getByTestId("member-add-submit").click();
    inviteLink = (await ownerPage.getByTestId("one-time-link").textContent())!.trim();
    assert.match(inviteLink, /\/invite\/[\w-]{20,}$/);
  });

  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await t.test("the agent opens the link, sets a password and lands in the inbox", async () => {
    await agent.goto(inviteLink);
    await agent.getByTestId("invite-password").fill("wang-fang-password");
    await agent.getByTestId("invite-password-again").fill("wang-fang-password");
    await agent.getByTestId("invite-submit").click();
    await agent.waitForURL(/\/inbox/);
    assert.ok(await authenticate(agentEmail, "wang-fang-password"), "the password set through the link signs in");
  });

  await t.test("the agent sees the chat, the left message and the rating, and finds it among low ratings", async () => {
    await agent.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
    await agent.getByTestId("inbox-view-closed").click();
    await row(agent, conversationId).click();
    const messages = agent.locator('[data-testid="inbox-messages"] [data-testid="inbox-message"]');
    await messages.filter({ hasText: question }).first().waitFor();
    assert.ok(
      (await agent.locator('[data-testid="inbox-messages"] [data-testid="inbox-message"][data-role="bot"]').count()) >
        0,
      "the bot's answer is in the transcript",
    );
    await agent
      .getByTestId("left-message-text")
      .filter({ hasText: `broken lid ${marker}` })
      .waitFor();
    assert.match(
      (await agent.getByTestId("left-message-contact").textContent())!,
      new RegExp(`Li Lei · li\\.${marker}@example\\.cn`),
    );
    assert.equal(await agent.getByTestId("left-message-page").textContent(), shop!.url);
    await agent.locator('[data-testid="inbox-csat"][data-score="2"]').waitFor();
    assert.equal(await agent.getByTestId("inbox-csat-comment").textContent(), `Lid still broken ${marker}`);

    await agent.getByTestId("inbox-rating-filter").selectOption("low");
    await row(agent, conversationId).locator('[data-testid="inbox-conversation-rating"][data-score="2"]').waitFor();
  });

  await t.test("another tenant's admin finds none of it, in the inbox or by the conversation's id", async () => {
    const otherPage = await (await browser.newContext()).newPage();
    await signIn(otherPage, other.admin.email, other.admin.password);
    await otherPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
    for (const view of ["inbox-view-left", "inbox-view-closed"]) {
      await otherPage.getByTestId(view).click();
      await otherPage.waitForTimeout(500);
      assert.equal(await row(otherPage, conversationId).count(), 0);
    }
    assert.ok(!(await otherPage.content()).includes(marker));
    const res = await fetch(`${testEnv.url}/api/v1/conversations/${conversationId}`, {
      headers: { authorization: `Bearer ${other.apiKey}` },
    });
    assert.equal(res.status, 404);
  });
});
