// The widget's features in Chromium, with the customer page on another origin (127.0.0.1; Kefu is on localhost):
// safe Markdown, unread badge and title, typing, pre-chat form, rating, leave a message, identify/reset, allowed
// origins, language, and a single-page app re-inserting the snippet.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { db, disconnectDb } from "../../lib/db/client";
import { getWidgetSecret, signUserId } from "../../lib/tenants/widget-secret";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectAgent, emitAck, waitFor } from "../helpers/sockets";
import { WidgetPage } from "../helpers/widget-page";

after(() => disconnectDb());

const snippet = (key: string) => `<script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script>`;
const page = (body: string) =>
  `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>${body}</body></html>`;

/** A customer site on 127.0.0.1: pages by path, and a log of every request (to catch images loaded from messages). */
async function customerSite(pages: Record<string, string>) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    const html = pages[req.url ?? ""];
    if (!html) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function withBrowser(t: { after: (fn: () => Promise<void>) => void }) {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  return browser;
}

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/** The tenant's admin connected to the inbox and online, closed when the test ends. */
async function onlineAgent(t: { after: (fn: () => void) => void }, tenant: Tenant) {
  const agent = await connectAgent(await signInCookie(tenant.admin.email, tenant.admin.password));
  await emitAck(agent, "presence:set", { status: "online" });
  t.after(() => agent.close());
  return agent;
}

/** The tenant's bot on a customer page of its own, in a fresh browser, with the chat opened. */
async function openWidget(t: { after: (fn: () => Promise<void>) => void }, tenant: Tenant) {
  const site = await customerSite({ "/": page(snippet(tenant.bot.publicKey)) });
  t.after(async () => void site.server.close());
  const browser = await withBrowser(t);
  const w = new WidgetPage(await browser.newPage());
  await w.page.goto(`${site.url}/`);
  await w.open();
  return { w, site };
}

test("agent replies: Markdown drawn safely, unread badge and title while closed, CSAT when closed, visitor typing reaches the agent", {
  timeout: 120_000,
}, async (t) => {
  const tenant = await makeTenant("wmd");
  const agent = await onlineAgent(t, tenant);
  const { w, site } = await openWidget(t, tenant);
  const created = waitFor<{ id: string }>(agent, "conversation");
  await w.send("human");
  const conversationId = (await created).id;

  const typing = waitFor(
    agent,
    "visitor:typing",
    (p: { conversationId: string; on: boolean }) => p.conversationId === conversationId && p.on,
  );
  await w.input().pressSequentially("wait", { delay: 20 });
  await typing;
  await w.input().fill("");

  await emitAck(agent, "takeover", { conversationId });
  await w.chat().getByTestId("kefu-close").click();
  const reply = [
    "**Bold** and *slanted* and `code`, see [the guide](https://example.cn/guide) or [this](javascript:window.__pwned=3).",
    `![tracker](${site.url}/track.png) <img src="${site.url}/img.png" onerror="window.__pwned=1"><script>window.__pwned=2</script>`,
    "",
    "- one",
    "- two",
  ].join("\n");
  assert.equal(
    (await emitAck(agent, "reply", { conversationId, clientId: crypto.randomUUID(), text: reply })).ok,
    true,
  );

  await t.test("closed: the launcher shows the unread count and the tab title says so", async () => {
    await w.page.getByTestId("kefu-badge").filter({ hasText: "1" }).waitFor();
    assert.match(await w.page.title(), /^\(1\) Shop$/);
  });

  await t.test("the next page view loads the chat at once because there is an unread reply", async () => {
    await w.page.reload();
    await w.page.getByTestId("kefu-badge").filter({ hasText: "1" }).waitFor();
    assert.equal(await w.page.getByTestId("kefu-panel").isVisible(), false);
  });

  await t.test("the agent's typing shows in the chat, and stops", async () => {
    await w.launcher().click();
    assert.deepEqual(await emitAck(agent, "typing", { conversationId, on: true }), { ok: true });
    await w.chat().getByTestId("kefu-agent-typing").waitFor();
    await emitAck(agent, "typing", { conversationId, on: false });
    await w.chat().getByTestId("kefu-agent-typing").waitFor({ state: "hidden" });
    await w.chat().getByTestId("kefu-close").click();
  });

  await t.test("open: the reply is formatted, links are safe, nothing of the HTML or the image loads", async () => {
    await w.launcher().click();
    await w.page.getByTestId("kefu-badge").waitFor({ state: "hidden" });
    assert.equal(await w.page.title(), "Shop");
    const text = w.messages("agent").locator(".text");
    await text.locator("strong").filter({ hasText: "Bold" }).waitFor();
    assert.equal(await text.locator("em").textContent(), "slanted");
    assert.equal(await text.locator("code").textContent(), "code");
    assert.deepEqual(await text.locator("li").allTextContents(), ["one", "two"]);
    const links = await text.locator("a").evaluateAll((as) =>
      as.map((a) => ({
        href: a.getAttribute("href"),
        rel: a.getAttribute("rel"),
        target: a.getAttribute("target"),
        text: a.textContent,
      })),
    );
    assert.deepEqual(links, [
      { href: "https://example.cn/guide", rel: "noopener noreferrer", target: "_blank", text: "the guide" },
      { href: `${site.url}/track.png`, rel: "noopener noreferrer", target: "_blank", text: "tracker" },
      // the <img> is text; its bare URL is linked like any other, never fetched
      { href: `${site.url}/img.png`, rel: "noopener noreferrer", target: "_blank", text: `${site.url}/img.png` },
    ]);
    assert.match(
      (await text.textContent()) ?? "",
      /<img src=.*<script>window\.__pwned=2<\/script>/,
      "the HTML is shown as text",
    );
    assert.equal(
      await w.chat().locator('[data-testid="kefu-messages"] img, [data-testid="kefu-messages"] script').count(),
      0,
    );
    await w.page.waitForTimeout(500);
    const frame = w.page.frames().find((f) => f.url().startsWith(`${testEnv.url}/widget/frame`))!;
    assert.equal(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(
      site.hits.filter((h) => /track|img/.test(h)),
      [],
      "no request left for the image URLs",
    );
  });

  await t.test("when the agent closes, the visitor rates it once and the rating is stored", async () => {
    await emitAck(agent, "close", { conversationId });
    await w.chat().getByTestId("kefu-csat").waitFor();
    await w.chat().locator('[data-testid="kefu-csat-star"][data-value="5"]').click();
    await w.chat().getByTestId("kefu-csat-comment").fill("Very helpful");
    await w.chat().getByTestId("kefu-csat-submit").click();
    await w.chat().getByTestId("kefu-csat-thanks").waitFor();
    const row = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    assert.deepEqual([row.rating, row.ratingComment], [5, "Very helpful"]);
  });
});

test("pre-chat form; the talk-to-a-human button with no one there offers leave a message", {
  timeout: 120_000,
}, async (t) => {
  const tenant = await makeTenant("wpre"); // no agent of this tenant connects
  await db().bot.update({ where: { id: tenant.bot.id }, data: { preChatForm: true } });
  const { w } = await openWidget(t, tenant);

  await w.chat().getByTestId("kefu-prechat").waitFor();
  assert.equal(await w.input().isVisible(), false, "the form comes first");
  await w.chat().getByTestId("kefu-prechat-name").fill("Zhang Wei");
  await w.chat().getByTestId("kefu-prechat-email").fill("not-an-email");
  await w.chat().getByTestId("kefu-prechat-submit").click();
  await w.chat().getByTestId("kefu-prechat-error").filter({ hasText: "email" }).waitFor();
  await w.chat().getByTestId("kefu-prechat-email").fill("zhang@example.cn");
  await w.chat().getByTestId("kefu-prechat-submit").click();
  await w.chat().getByTestId("kefu-prechat").waitFor({ state: "detached" });
  await w.input().waitFor();

  const created = db().visitor.findFirst({ where: { tenantId: tenant.tenant.id, email: "zhang@example.cn" } });
  assert.equal((await created)?.name, "Zhang Wei");

  await w.chat().getByTestId("kefu-human").click();
  const form = w.chat().getByTestId("kefu-leave");
  await form.waitFor();
  assert.equal(
    await w.chat().getByTestId("kefu-leave-email").inputValue(),
    "zhang@example.cn",
    "filled from the pre-chat form",
  );
  await w.chat().getByTestId("kefu-leave-text").fill("Please call me about my order 1234");
  await w.chat().getByTestId("kefu-leave-submit").click();
  await w.chat().getByTestId("kefu-leave-thanks").waitFor();
  const left = await db().offlineMessage.findMany({ where: { tenantId: tenant.tenant.id } });
  assert.deepEqual(
    left.map((m) => [m.name, m.email, m.text, m.botId]),
    [["Zhang Wei", "zhang@example.cn", "Please call me about my order 1234", tenant.bot.id]],
  );
  const conv = await db().conversation.findFirstOrThrow({ where: { tenantId: tenant.tenant.id } });
  assert.deepEqual(
    [conv.status, conv.handoffReason],
    ["waiting", "visitor_asked"],
    "the button handed the conversation over",
  );
});

test("after hours, with an agent online: the button offers leave a message, and a reload shows the form again", {
  timeout: 120_000,
}, async (t) => {
  const tenant = await makeTenant("whours");
  await db().bot.update({
    where: { id: tenant.bot.id },
    data: { businessHours: { timezone: "Asia/Shanghai", days: [], from: "09:00", to: "18:00" } },
  });
  await onlineAgent(t, tenant); // online, yet after hours nobody is assigned
  const { w } = await openWidget(t, tenant);
  await w.chat().getByTestId("kefu-human").click();
  await w.chat().getByTestId("kefu-leave").waitFor();

  await w.page.reload();
  await w.open();
  await w.chat().getByTestId("kefu-leave").waitFor();
  const conv = await db().conversation.findFirstOrThrow({ where: { tenantId: tenant.tenant.id } });
  assert.deepEqual(
    [conv.status, conv.handoffReason, conv.assigneeId],
    ["waiting", "after_hours", null],
    "left in the queue, not given to the online agent",
  );
});

test("admins see their own workspace's widget secret on the bot page, with a copy button", {
  timeout: 60_000,
}, async (t) => {
  const [mine, theirs] = await Promise.all([makeTenant("wsec"), makeTenant("wsec2")]);
  const browser = await withBrowser(t);
  const p = await (await browser.newContext()).newPage();
  await signIn(p, mine.admin.email, mine.admin.password);
  await p.goto(`${testEnv.url}/bots/${mine.bot.id}`);
  const secret = p.getByTestId("widget-secret");
  assert.doesNotMatch((await secret.textContent()) ?? "", /^kws_[A-Za-z0-9_-]{20,}$/, "hidden until asked");
  await p.getByTestId("widget-secret-toggle").click();
  assert.equal(await secret.textContent(), await getWidgetSecret(mine.tenant.id));
  assert.notEqual(await secret.textContent(), await getWidgetSecret(theirs.tenant.id));
  await p.getByTestId("widget-secret-copy").click();
  await p
    .getByTestId("widget-secret-copy")
    .filter({ hasText: /Copied|Select and copy/ })
    .waitFor();
  await p.goto(`${testEnv.url}/bots/${theirs.bot.id}`);
  assert.equal(await p.getByTestId("widget-secret").count(), 0, "another workspace's bot page is not found");
});

test("identify: the same person on two devices sees one history; a bad signature is refused; reset forgets", {
  timeout: 120_000,
}, async (t) => {
  const tenant = await makeTenant("wid");
  const userId = `shop-user-${crypto.randomBytes(4).toString("hex")}`;
  const signature = signUserId(await getWidgetSecret(tenant.tenant.id), userId);
  const queue = (calls: unknown[][]) =>
    `<script>window.Kefu={q:${JSON.stringify(calls)}};addEventListener("kefu:error",(e)=>window.__err=e.detail);addEventListener("kefu:identified",()=>window.__ok=1)</script>`;
  const site = await customerSite({
    "/": page(queue([["identify", [{ userId, signature, name: "Chen Jing" }]]]) + snippet(tenant.bot.publicKey)),
    "/bad": page(
      queue([["identify", [{ userId, signature: signUserId("guess", userId) }]]]) + snippet(tenant.bot.publicKey),
    ),
    "/plain": page(snippet(tenant.bot.publicKey)),
  });
  t.after(() => void site.server.close());
  const browser = await withBrowser(t);
  const laptop = new WidgetPage(await (await browser.newContext()).newPage());
  const phone = new WidgetPage(await (await browser.newContext()).newPage());

  await t.test("a good signature: what is said on the laptop is there on the phone", async () => {
    await laptop.page.goto(`${site.url}/`);
    await laptop.page.waitForFunction(() => (window as unknown as { __ok?: number }).__ok === 1);
    await laptop.open();
    await laptop.send("human");
    await laptop.messages("system").waitFor();
    await phone.page.goto(`${site.url}/`);
    await phone.page.waitForFunction(() => (window as unknown as { __ok?: number }).__ok === 1);
    await phone.open();
    await phone.messages("visitor").filter({ hasText: "human" }).waitFor();
    const v = await db().visitor.findFirstOrThrow({ where: { tenantId: tenant.tenant.id, externalId: userId } });
    assert.equal(v.name, "Chen Jing");
  });

  await t.test("a bad signature is refused with a clear error and merges nothing", async () => {
    const p = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    p.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await p.goto(`${site.url}/bad`);
    await p.waitForFunction(() => (window as unknown as { __err?: unknown }).__err);
    const err = await p.evaluate(() => (window as unknown as { __err: { code: string; message: string } }).__err);
    assert.equal(err.code, "forbidden");
    assert.match(err.message, /signature is wrong/);
    assert.ok(errors.some((e) => e.includes("[kefu]") && e.includes("signature is wrong")));
    await new WidgetPage(p).open();
    assert.equal(await new WidgetPage(p).messages().count(), 0, "the refused page sees nothing of the user's history");
    assert.equal(await db().visitor.count({ where: { tenantId: tenant.tenant.id, externalId: userId } }), 1);
  });

  await t.test("reset (logout): the next visitor on the device sees nothing of the previous one", async () => {
    await phone.page.evaluate(() => (window as unknown as { Kefu: { reset(): void } }).Kefu.reset());
    await phone.messages().first().waitFor({ state: "detached" });
    await phone.page.goto(`${site.url}/plain`);
    await phone.open();
    await phone.page.waitForTimeout(1000);
    assert.equal(await phone.messages().count(), 0);
    const stored = await phone.page.evaluate(() => Object.entries(localStorage));
    assert.deepEqual(stored, [], "the page keeps nothing of the visitor");
  });
});

test("only allowed origins get the chat: no launcher, and the frame refuses to be shown", {
  timeout: 60_000,
}, async (t) => {
  const tenant = await makeTenant("worig");
  await db().bot.update({ where: { id: tenant.bot.id }, data: { allowedOrigins: ["https://shop.example"] } });
  const site = await customerSite({
    "/": page(
      `<script>addEventListener("kefu:error",(e)=>window.__err=e.detail)</script>${snippet(tenant.bot.publicKey)}`,
    ),
    "/framed": page(
      `<iframe id="f" src="${testEnv.url}/widget/frame?key=${tenant.bot.publicKey}&origin=https://shop.example"></iframe>`,
    ),
  });
  t.after(() => void site.server.close());
  const browser = await withBrowser(t);
  const p = await browser.newPage();
  await p.goto(`${site.url}/`);
  await p.waitForFunction(() => (window as unknown as { __err?: unknown }).__err);
  assert.equal(
    (await p.evaluate(() => (window as unknown as { __err: { code: string } }).__err)).code,
    "origin_not_allowed",
  );
  assert.equal(await p.locator("kefu-widget").count(), 0);

  await p.goto(`${site.url}/framed`);
  await p.waitForTimeout(1500);
  assert.equal(await p.frameLocator("#f").getByTestId("kefu-input").count(), 0, "the browser did not render the chat");
});

test("language follows the browser; a single-page app re-inserting the snippet keeps one widget and one global", {
  timeout: 60_000,
}, async (t) => {
  const tenant = await makeTenant("wlang");
  const site = await customerSite({ "/": page(snippet(tenant.bot.publicKey)) });
  t.after(() => void site.server.close());
  const browser: Browser = await withBrowser(t);

  const zh = new WidgetPage(await (await browser.newContext({ locale: "zh-CN" })).newPage());
  await zh.page.goto(`${site.url}/`);
  assert.equal(await zh.launcher().getAttribute("aria-label"), "打开对话");
  await zh.open();
  assert.equal(await zh.input().getAttribute("placeholder"), "请输入消息…");
  assert.equal(await zh.chat().getByTestId("kefu-send").textContent(), "发送");

  const en = new WidgetPage(await (await browser.newContext({ locale: "en-GB" })).newPage());
  await en.page.goto(`${site.url}/`);
  await en.launcher().waitFor();
  assert.equal(await en.launcher().getAttribute("aria-label"), "Open chat");
  // globals of this window that a fresh same-origin window does not have
  const added = await en.page.evaluate(() => {
    const clean = document.body.appendChild(document.createElement("iframe")).contentWindow!;
    const extra = Object.keys(window).filter((k) => !/^\d+$/.test(k) && !(k in clean));
    clean.frameElement!.remove();
    return extra;
  });
  assert.deepEqual(added, ["Kefu"]);
  await en.page.evaluate(
    (src) => {
      const s = document.createElement("script");
      s.src = src.src;
      s.dataset.kefuKey = src.key;
      document.body.append(s);
      document.querySelector("kefu-widget")!.remove(); // the app re-rendered the body
    },
    { src: `${testEnv.url}/widget.js`, key: tenant.bot.publicKey },
  );
  await en.page.waitForFunction(() => document.querySelectorAll("kefu-widget").length === 1);
  await en.page.waitForTimeout(500);
  assert.equal(await en.page.locator("kefu-widget").count(), 1);
  await en.open();
  assert.equal(await en.input().getAttribute("placeholder"), "Type your message…");
});

test("the demo shop's pretend sign-in identifies its customer to the widget and signing out resets it", {
  timeout: 60_000,
}, async (t) => {
  const browser = await withBrowser(t);
  const p = await browser.newPage();
  await p.goto(`${testEnv.url}/demo`);
  await p.evaluate(() => {
    const g = window as unknown as { __events: string[] };
    g.__events = [];
    for (const name of ["identified", "error"]) addEventListener(`kefu:${name}`, () => g.__events.push(name));
  });
  await p.getByTestId("kefu-launcher").waitFor();
  await p.getByTestId("demo-sign-in").click();
  await p.waitForFunction(() => (window as unknown as { __events: string[] }).__events.length > 0);
  assert.deepEqual(await p.evaluate(() => (window as unknown as { __events: string[] }).__events), ["identified"]);
  await p.getByTestId("demo-sign-out").click();
  await p.getByTestId("demo-sign-in").waitFor();
});
