// The answer trace in the inbox, in Chromium: an admin opens a conversation the tiny model answered and reads, under
// the bot's answer, the model that wrote it and where the time went (a non-zero generation); an answer no model
// wrote says so, live; in Chinese the trace reads in Chinese. An agent sees no trace, and another tenant's admin
// can neither list the conversation nor read its trace.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { db, disconnectDb } from "../../lib/db/client";
import { addUserToTenant } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "../helpers/sockets";

async function ask(key: string, text: string, token?: string) {
  const { socket, session } = await connectVisitor({ key, token });
  try {
    const answer = waitFor<WireMessage>(socket, "message", (m) => m.role === "bot", 90_000);
    const ack = await emitAck(socket, "message", { clientId: crypto.randomUUID(), text });
    assert.equal(ack.ok, true);
    return { answer: await answer, conversationId: ack.conversationId as string, token: session.visitorToken };
  } finally {
    socket.close();
  }
}

async function openConversation(
  browser: Browser,
  email: string,
  password: string,
  conversationId: string,
  locale = "en-US",
): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  await signIn(page, email, password);
  await page.goto(`${testEnv.url}/inbox`);
  await page.getByTestId("inbox-view-bot").click();
  await page.locator(`[data-testid="inbox-conversation"][data-id="${conversationId}"]`).click();
  await page.locator('[data-testid="inbox-messages"] [data-testid="inbox-message"][data-role="bot"]').first().waitFor();
  return page;
}

const trace = (page: Page, messageId: string) =>
  page.locator(`[data-testid="answer-trace"][data-message-id="${messageId}"]`);

test("the inbox shows an admin each bot answer's trace; agents and other tenants get none", {
  timeout: 300_000,
}, async (t) => {
  const fx = await makeTenant("e2e-trace");
  const other = await makeTenant("e2e-trace-other");
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await disconnectDb();
  });
  // the fixture's own entry asked word for word: the model answers from it
  const first = await ask(fx.bot.publicKey, fx.entry.title);
  const stored = await db().message.findUniqueOrThrow({
    where: { id: first.answer.id },
    select: { answerKind: true, model: true },
  });
  assert.equal(stored.answerKind, "model", "precondition: the tiny model answered");
  const page = await openConversation(browser, fx.admin.email, fx.admin.password, first.conversationId);

  await t.test("the model's answer: the model's name and a non-zero generation time", async () => {
    const details = trace(page, first.answer.id);
    await details.locator("summary").click();
    assert.equal(await details.getAttribute("data-model"), testEnv.modelId);
    assert.match(
      (await details.getByTestId("answer-trace-model").textContent()) ?? "",
      new RegExp(`Model: ${testEnv.modelId}`),
    );
    const generationMs = Number(await details.getByTestId("answer-trace-generation").getAttribute("data-ms"));
    assert.ok(generationMs > 0, `generation ${generationMs} ms`);
    for (const stage of ["retrieval", "queue", "prompt"]) await details.getByTestId(`answer-trace-${stage}`).waitFor();
    assert.match(
      (await details.getByTestId("answer-trace-tokens").textContent()) ?? "",
      /Tokens: \d+ in \(\d+ reused\), \d+ out/,
    );
    t.diagnostic((await details.textContent()) ?? "");
  });

  await t.test("an answer no model wrote, arriving live: 'No model answered'", async () => {
    const second = await ask(fx.bot.publicKey, "Can I pay with quantum zorblax tokens?", first.token);
    const details = trace(page, second.answer.id);
    await details.waitFor();
    assert.equal(await details.getAttribute("data-kind"), "no_answer");
    await details.locator("summary").click();
    assert.match(
      (await details.getByTestId("answer-trace-no-model").textContent()) ?? "",
      /^No model answered: no knowledge matched/,
    );
    await details.getByTestId("answer-trace-retrieval").waitFor();
    assert.equal(await details.getByTestId("answer-trace-generation").count(), 0);
  });

  await t.test("in Chinese the trace reads in Chinese (the model's name is data)", async () => {
    const zh = await openConversation(browser, fx.admin.email, fx.admin.password, first.conversationId, "zh-CN");
    const details = trace(zh, first.answer.id);
    await details.locator("summary").click();
    assert.match((await details.locator("summary").textContent()) ?? "", /^耗时明细 · [\d,]+ 毫秒$/);
    const shown = await details.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const d of copy.querySelectorAll("[data-i18n-skip]")) d.remove();
      return copy.textContent ?? "";
    });
    assert.match(shown, /模型.*检索.*排队.*提示词处理.*生成/s);
    assert.deepEqual(
      (shown.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w.toLowerCase() !== "token"),
      [],
      shown,
    );
    await zh.context().close();
  });

  await t.test("an agent of the same workspace sees the answers without a trace", async () => {
    const email = `agent-${crypto.randomBytes(3).toString("hex")}@kefu.test`;
    await addUserToTenant(fx.tenant.id, { email, name: "Agent", password: "agent-password", role: "agent" });
    const agentPage = await openConversation(browser, email, "agent-password", first.conversationId);
    await agentPage.locator(`[data-testid="inbox-message"][data-role="bot"]`).nth(1).waitFor();
    assert.equal(await agentPage.getByTestId("answer-trace").count(), 0);
    await agentPage.context().close();
  });

  await t.test("another tenant's admin: the conversation is not in their inbox and its trace answers 404", async () => {
    const eve = await (await browser.newContext()).newPage();
    await signIn(eve, other.admin.email, other.admin.password);
    await eve.goto(`${testEnv.url}/inbox`);
    await eve.getByTestId("inbox-view-bot").click();
    await eve.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
    assert.equal(await eve.locator(`[data-testid="inbox-conversation"][data-id="${first.conversationId}"]`).count(), 0);
    const res = await eve.evaluate(async (id) => {
      const r = await fetch(`/api/admin/conversations/${id}/trace`);
      return { status: r.status, body: await r.json() };
    }, first.conversationId);
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, "not_found");
    assert.equal(await eve.getByTestId("answer-trace").count(), 0);
  });
});
