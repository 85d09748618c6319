// Issue 14 point 4 in Chromium: the Webhooks settings page refuses a loopback URL, adds a webhook, shows its delivery
// log and sends a delivery again; another tenant's admin sees none of it; the page speaks Chinese.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { openConversation } from "../../lib/conversations";
import { disconnectDb } from "../../lib/db/client";
import { createVisitor } from "../../lib/conversations";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

test("an admin manages webhooks and their delivery log in the browser", { timeout: 180_000 }, async (t) => {
  const a = await makeTenant("e2e-hooka");
  const b = await makeTenant("e2e-hookb");
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await disconnectDb();
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, a.admin.email, a.admin.password);
  await page.getByTestId("nav-webhooks").click();
  await page.getByTestId("webhook-none").waitFor();

  await page.getByTestId("webhook-url").fill("http://127.0.0.1:9/hook");
  await page.getByTestId("webhook-create").click();
  await page.getByTestId("webhook-error").filter({ hasText: "private, loopback or link-local" }).waitFor();
  // in Chinese the same refusal reads in Chinese, with the operator's switch (not the server's English reason)
  const zhHooksContext = await browser.newContext({ locale: "zh-CN" });
  await zhHooksContext.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
  const zhHooks = await zhHooksContext.newPage();
  await signIn(zhHooks, a.admin.email, a.admin.password);
  await zhHooks.goto(`${testEnv.url}/settings/webhooks`);
  await zhHooks.getByTestId("webhook-url").fill("http://127.0.0.1:9/hook");
  await zhHooks.getByTestId("webhook-create").click();
  const zhError = zhHooks.getByTestId("webhook-error");
  await zhError.filter({ hasText: "不向内网、本机回环或链路本地地址推送事件" }).waitFor();
  assert.doesNotMatch((await zhError.textContent()) ?? "", /Kefu does not fetch|loopback/);
  await zhHooksContext.close();

  const url = `http://93.184.215.14/kefu-${crypto.randomBytes(3).toString("hex")}`;
  await page.getByTestId("webhook-url").fill(url);
  await page.getByTestId("webhook-event-message.created").uncheck();
  await page.getByTestId("webhook-create").click();
  const row = page.getByTestId("webhook-row").filter({ hasText: url });
  await row.waitFor();
  assert.match((await row.getByTestId("webhook-secret").textContent()) ?? "", /^whsec_/);
  const hookId = await row.getAttribute("data-id");

  const visitor = await createVisitor(a.tenant.id);
  const { conversation } = await openConversation(a.tenant.id, a.bot.id, visitor.id);
  await row.getByTestId("webhook-deliveries-toggle").click();
  const deliveries = row.getByTestId("delivery-row");
  await deliveries.first().waitFor();
  assert.equal(await deliveries.count(), 1);
  assert.match((await deliveries.first().textContent()) ?? "", /conversation\.created/);
  await deliveries.first().getByTestId("delivery-again").click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="delivery-row"]').length === 2);
  assert.ok(conversation.id);

  // tenant B: an empty page, and A's webhook answers 404 to B's session
  const ctxB = await browser.newContext();
  const pageB = await ctxB.newPage();
  await signIn(pageB, b.admin.email, b.admin.password);
  await pageB.goto(`${testEnv.url}/settings/webhooks`);
  await pageB.getByTestId("webhook-none").waitFor();
  assert.equal((await ctxB.request.get(`${testEnv.url}/api/admin/webhooks/${hookId}/deliveries`)).status(), 404);
  assert.equal(
    (
      await ctxB.request.delete(`${testEnv.url}/api/admin/webhooks/${hookId}`, { headers: { origin: testEnv.url } })
    ).status(),
    404,
  );

  // the same page in Chinese
  const zh = await browser.newContext();
  await zh.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
  const pageZh = await zh.newPage();
  await signIn(pageZh, a.admin.email, a.admin.password);
  await pageZh.goto(`${testEnv.url}/settings/webhooks`);
  await pageZh.getByRole("heading", { name: "事件推送" }).waitFor();
  await pageZh.getByText("签名密钥").first().waitFor();
});
