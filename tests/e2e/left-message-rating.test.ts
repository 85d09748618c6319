// In Chromium: a visitor on a customer's site (another origin) finds no one there and leaves a message with their
// contact; an agent finds it under "Left messages", sees the text, contact and page, records an email reply; after
// the agent closes, the visitor rates 2 stars and the agent sees the rating, also through the "low ratings" filter.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { db, disconnectDb } from "../../lib/db/client";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { WidgetPage } from "../helpers/widget-page";

after(() => disconnectDb());

async function serveCustomerPage(key: string) {
  const html = `<!doctype html><html><head><title>Order page</title></head><body><h1>Your order</h1>
<script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script></body></html>`;
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders/12345` };
}

test("a left message reaches the inbox, gets an email reply recorded, and the later rating is shown", {
  timeout: 300_000,
}, async (t) => {
  const fx = await makeTenant("e2e-left");
  const customer = await serveCustomerPage(fx.bot.publicKey);
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    customer.server.close();
  });
  const marker = crypto.randomBytes(3).toString("hex");
  const visitorPage = await (await browser.newContext()).newPage();
  await visitorPage.goto(customer.url);
  await visitorPage.getByTestId("kefu-launcher").click();
  const w = new WidgetPage(visitorPage);

  await t.test("no agent online: the visitor leaves a message with name, email and phone", async () => {
    await w.chat().getByTestId("kefu-human").click();
    await w.chat().getByTestId("kefu-leave").waitFor({ timeout: 30_000 });
    await w.chat().getByTestId("kefu-leave-name").fill("Han Meimei");
    await w.chat().getByTestId("kefu-leave-email").fill(`han.${marker}@example.cn`);
    await w.chat().getByTestId("kefu-leave-phone").fill("+86 138 0000 0000");
    await w.chat().getByTestId("kefu-leave-text").fill(`My order 12345 arrived broken ${marker}`);
    await w.chat().getByTestId("kefu-leave-submit").click();
    await w.chat().getByTestId("kefu-leave-thanks").waitFor();
  });

  const agentPage = await (await browser.newContext()).newPage();
  await signIn(agentPage, fx.admin.email, fx.admin.password);
  await agentPage.goto(`${testEnv.url}/inbox`);
  await agentPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
  const conv = await db().conversation.findFirstOrThrow({ where: { tenantId: fx.tenant.id }, select: { id: true } });
  const row = agentPage.locator(`[data-testid="inbox-conversation"][data-id="${conv.id}"]`);

  await t.test(
    "the agent finds it under Left messages with the text, contact and page, and records an email reply",
    async () => {
      await agentPage.getByTestId("inbox-view-left").click();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      await agentPage
        .getByTestId("left-message-text")
        .filter({ hasText: `arrived broken ${marker}` })
        .waitFor();
      assert.match(
        (await agentPage.getByTestId("left-message-contact").textContent())!,
        /Han Meimei · han\..*@example\.cn · \+86 138 0000 0000/,
      );
      assert.equal(await agentPage.getByTestId("left-message-page").textContent(), customer.url);
      assert.equal(await agentPage.getByTestId("visitor-phone").textContent(), "+86 138 0000 0000");
      await agentPage.getByTestId("email-reply-manual").waitFor();
      await agentPage.getByTestId("email-reply-input").fill("Sorry! A new one ships today.");
      await agentPage.getByTestId("email-reply-record").click();
      await agentPage.getByTestId("email-reply").filter({ hasText: "A new one ships today" }).waitFor();
      assert.match((await agentPage.getByTestId("email-reply").textContent())!, /send it by hand/);
      const stored = await db().emailReply.findMany({ where: { conversationId: conv.id } });
      assert.deepEqual(
        stored.map((r) => [r.toEmail, r.text]),
        [[`han.${marker}@example.cn`, "Sorry! A new one ships today."]],
      );
    },
  );

  await t.test(
    "the agent closes; the visitor rates 2 stars; the agent sees it and finds it among low ratings",
    async () => {
      await agentPage.getByTestId("inbox-close").click();
      await w.chat().getByTestId("kefu-csat").waitFor({ timeout: 30_000 });
      await w.chat().locator('[data-testid="kefu-csat-star"][data-value="2"]').click();
      await w.chat().getByTestId("kefu-csat-comment").fill(`Too slow ${marker}`);
      await w.chat().getByTestId("kefu-csat-submit").click();
      await w.chat().getByTestId("kefu-csat-thanks").waitFor();
      await agentPage.locator('[data-testid="inbox-csat"][data-score="2"]').waitFor({ timeout: 15_000 });
      assert.equal(await agentPage.getByTestId("inbox-csat-comment").textContent(), `Too slow ${marker}`);
      await agentPage.getByTestId("inbox-view-closed").click();
      await agentPage.getByTestId("inbox-rating-filter").selectOption("low");
      await row.locator('[data-testid="inbox-conversation-rating"][data-score="2"]').waitFor();
    },
  );

  await t.test("in Chinese the view and the left message read in Chinese", async () => {
    const ctx = await browser.newContext({ locale: "zh-CN" });
    await ctx.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
    const zh = await ctx.newPage();
    await signIn(zh, fx.admin.email, fx.admin.password);
    await zh.goto(`${testEnv.url}/inbox`);
    assert.match((await zh.getByTestId("inbox-view-left").textContent())!, /访客留言/);
    await zh.getByTestId("inbox-view-closed").click();
    await zh.locator(`[data-testid="inbox-conversation"][data-id="${conv.id}"]`).click();
    await zh.getByTestId("email-reply-manual").filter({ hasText: "不会自动发送邮件" }).waitFor();
  });
});

test("an admin sets the inactivity time on the settings page; a bad value is refused and changes nothing", {
  timeout: 120_000,
}, async (t) => {
  const fx = await makeTenant("e2e-idle");
  const other = await makeTenant("e2e-idle-other");
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const page = await (await browser.newContext()).newPage();
  await signIn(page, fx.admin.email, fx.admin.password);
  await page.goto(`${testEnv.url}/settings/inbox`);
  assert.equal(await page.getByTestId("inactivity-minutes").inputValue(), "30", "the default");
  await page.getByTestId("inactivity-minutes").fill("45");
  await page.getByTestId("inactivity-save").click();
  await page.getByTestId("inactivity-message").filter({ hasText: "45 minutes" }).waitFor();
  await page.getByTestId("inactivity-minutes").fill("-3");
  await page.getByTestId("inactivity-save").click();
  await page.getByTestId("inactivity-message").filter({ hasText: "inactivityMinutes" }).waitFor();
  const rows = await db().tenant.findMany({
    where: { id: { in: [fx.tenant.id, other.tenant.id] } },
    select: { id: true, inactivityMinutes: true },
  });
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.inactivityMinutes])), {
    [fx.tenant.id]: 45,
    [other.tenant.id]: 30,
  });
});

test("a bad email in the leave-a-message form is explained in the visitor's language", {
  timeout: 120_000,
}, async (t) => {
  const fx = await makeTenant("e2e-left-lang");
  const customer = await serveCustomerPage(fx.bot.publicKey);
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    customer.server.close();
  });
  for (const [locale, expected] of [
    ["zh-CN", "请填写有效的邮箱地址。"],
    ["en-US", "Please enter a valid email address."],
  ]) {
    const page = await (await browser.newContext({ locale })).newPage();
    await page.goto(customer.url);
    await page.getByTestId("kefu-launcher").click();
    const chat = new WidgetPage(page).chat();
    await chat.getByTestId("kefu-human").click();
    await chat.getByTestId("kefu-leave").waitFor({ timeout: 30_000 });
    await chat.getByTestId("kefu-leave-email").fill("not-an-email");
    await chat.getByTestId("kefu-leave-text").fill("我的订单还没有发货");
    await chat.getByTestId("kefu-leave-submit").click();
    // (the server's reason is English: "email: the email address does not look right")
    await chat.getByTestId("kefu-leave-error").filter({ hasText: expected }).waitFor({ timeout: 10_000 });
    await page.context().close();
  }
});
