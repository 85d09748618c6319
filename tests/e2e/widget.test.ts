// The widget on a customer page served from another origin (127.0.0.1 vs Kefu's localhost), in Chromium.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { demoTenant, makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectAgent, emitAck, waitFor } from "../helpers/sockets";
import { WidgetPage as SharedWidgetPage } from "../helpers/widget-page";

const RED = "rgb(255, 0, 0)";
after(() => disconnectDb());

/** A customer's page with hostile-ish global styles and the snippet. */
function customerHtml(key: string) {
  return `<!doctype html><html><head><title>Customer</title>
<style>button{background:red;font-size:30px} p{color:rgb(1,2,3)} div{padding:7px}</style></head>
<body><h1>Customer shop</h1><p id="para">Welcome</p><button id="own">Buy</button>
<script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script></body></html>`;
}

async function serveCustomerPage(html: string) {
  const server = http.createServer((req, res) => {
    if (req.url !== "/") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** The shared page object, plus the frame's own JS context. */
class WidgetPage extends SharedWidgetPage {
  frame(): Frame {
    const f = this.page.frames().find((fr) => fr.url().startsWith(`${testEnv.url}/widget/frame`));
    assert.ok(f, "the chat frame is loaded from Kefu's origin");
    return f;
  }
}

test("the widget on another origin's page: isolated, streams answers, keeps history, shows HTML as text", {
  timeout: 240_000,
}, async (t) => {
  const { bot } = await demoTenant();
  const customer = await serveCustomerPage(customerHtml(bot.publicKey));
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    customer.server.close();
  });
  const page = await browser.newPage();
  const w = new WidgetPage(page);
  await page.goto(customer.url);

  await t.test("the launcher lives in a shadow root and styles do not leak either way", async () => {
    await w.launcher().waitFor();
    const dom = await page.evaluate(() => {
      const host = document.querySelector("kefu-widget");
      return {
        inShadow: !!host?.shadowRoot?.querySelector('[data-testid="kefu-launcher"]'),
        inLightDom: !!document.querySelector('[data-testid="kefu-launcher"]'),
        sheets: document.styleSheets.length,
        ownButton: getComputedStyle(document.getElementById("own")!).backgroundColor,
        ownFontSize: getComputedStyle(document.getElementById("own")!).fontSize,
        para: getComputedStyle(document.getElementById("para")!).color,
      };
    });
    assert.deepEqual(dom, {
      inShadow: true,
      inLightDom: false,
      sheets: 1,
      ownButton: RED,
      ownFontSize: "30px",
      para: "rgb(1, 2, 3)",
    });
    const launcher = await w
      .launcher()
      .evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, size: getComputedStyle(el).fontSize }));
    assert.notEqual(launcher.bg, RED);
    assert.notEqual(launcher.size, "30px");
    assert.equal(await w.panel().isVisible(), false);
  });

  await t.test("the chat frame is on Kefu's origin, out of the page's reach", async () => {
    await w.open();
    assert.equal(await w.panel().isVisible(), true);
    const reach = await page.evaluate(() => {
      const frame = document.querySelector("kefu-widget")!.shadowRoot!.querySelector("iframe")!;
      let readable = true;
      try {
        readable = !!frame.contentWindow!.localStorage;
      } catch {
        readable = false;
      }
      return {
        doc: frame.contentDocument,
        readable,
        pageStorage: Object.keys(localStorage),
        pageCookies: document.cookie,
      };
    });
    assert.deepEqual(reach, { doc: null, readable: false, pageStorage: [], pageCookies: "" });
    await w.chat().getByText("Demo Shop assistant").waitFor();
    assert.equal(await w.chat().getByTestId("kefu-title").textContent(), bot.name);
  });

  let answerId = "";
  await t.test("a question gets a streamed answer with its sources", async () => {
    // record every distinct text of the streaming bubble, as the DOM changes
    await w.frame().evaluate(() => {
      const g = window as unknown as { __samples: { id: string; text: string }[] };
      g.__samples = [];
      const list = document.querySelector('[data-testid="kefu-messages"]')!;
      new MutationObserver(() => {
        const bubble = list.querySelector<HTMLElement>('[data-streaming="true"]');
        const text = bubble?.querySelector(".text")?.textContent;
        if (bubble && text && text !== g.__samples.at(-1)?.text) g.__samples.push({ id: bubble.dataset.id!, text });
      }).observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await w.send("How long does shipping take?");
    await w.messages("visitor", "[data-id]").filter({ hasText: "How long does shipping take?" }).waitFor();
    const final = w.messages("bot", ":not([data-streaming])");
    await final.first().waitFor({ timeout: 120_000 });
    const samples = await w
      .frame()
      .evaluate(() => (window as unknown as { __samples: { id: string; text: string }[] }).__samples);
    assert.ok(samples.length >= 2, `saw ${samples.length} intermediate texts`);
    for (let i = 1; i < samples.length; i++) {
      assert.ok(samples[i].text.startsWith(samples[i - 1].text), "the streamed text only grows");
      assert.equal(samples[i].id, samples[0].id);
    }
    answerId = (await final.first().getAttribute("data-id")) ?? "";
    assert.equal(answerId, samples[0].id, "the final message replaced the streamed bubble");
    assert.equal(await w.messages("bot").count(), 1);
    assert.ok((await final.first().locator(".text").textContent())!.trim().length > 0);
    assert.match(
      (await final.first().getByTestId("kefu-sources").textContent()) ?? "",
      /^Sources: .*How long does shipping take\?/,
    );
  });

  await t.test("after a reload the conversation is still there", async () => {
    await page.reload();
    await w.open();
    await w.chat().locator(`[data-testid="kefu-message"][data-id="${answerId}"]`).waitFor();
    assert.equal(await w.messages("visitor").filter({ hasText: "How long does shipping take?" }).count(), 1);
  });

  await t.test("HTML in a message is shown as text and never runs", async () => {
    const payload = `<img src=x onerror="window.__pwned=1"><b>bold</b>`;
    await w.send(payload);
    const sent = w.messages("visitor", "[data-id]").filter({ hasText: "bold" });
    await sent.waitFor();
    assert.equal(await sent.locator(".text").textContent(), payload);
    assert.equal(
      await w.chat().locator('[data-testid="kefu-messages"] img, [data-testid="kefu-messages"] b').count(),
      0,
    );
    await page.waitForTimeout(300);
    assert.equal(await w.frame().evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  await t.test("a message over 4,000 characters is refused with a visible error", async () => {
    const before = await w.messages("visitor").count();
    await w.send("a".repeat(4001));
    await w.chat().getByTestId("kefu-error").filter({ hasText: "4000" }).waitFor();
    assert.equal(await w.messages("visitor").count(), before);
    assert.equal((await w.input().inputValue()).length, 4001, "the text is given back to edit");
  });

  await t.test("the close button in the frame closes the panel", async () => {
    await w.chat().getByTestId("kefu-close").click();
    await w.panel().waitFor({ state: "hidden" });
    assert.equal(await w.launcher().getAttribute("aria-expanded"), "false");
  });
});

test("an agent takes over and closes; the visitor sees it, gets an unread badge, and can start again", {
  timeout: 180_000,
}, async (t) => {
  const tenant = await makeTenant("widget");
  const agent = await connectAgent(await signInCookie(tenant.admin.email, tenant.admin.password));
  const customer = await serveCustomerPage(customerHtml(tenant.bot.publicKey));
  const browser = await launchBrowser();
  t.after(async () => {
    agent.close();
    await browser.close();
    customer.server.close();
  });
  const w = new WidgetPage(await browser.newPage());
  await w.page.goto(customer.url);
  await w.open();

  const created = waitFor<{ id: string }>(agent, "conversation");
  await w.send("Where is the warehouse?");
  const conversationId = (await created).id;
  await w.messages("bot", ":not([data-streaming])").waitFor({ timeout: 60_000 });

  assert.deepEqual(await emitAck(agent, "takeover", { conversationId }), { ok: true, status: "agent" });
  await w.chat().getByTestId("kefu-status").filter({ hasText: "An agent joined" }).waitFor();
  await w.messages("system").filter({ hasText: "joined the conversation" }).waitFor();

  // closed panel: the agent's reply shows as an unread count on the launcher
  await w.chat().getByTestId("kefu-close").click();
  await w.panel().waitFor({ state: "hidden" });
  const reply = "<i>Hello</i>, I'm a person.";
  assert.equal(
    (await emitAck(agent, "reply", { conversationId, clientId: crypto.randomUUID(), text: reply })).ok,
    true,
  );
  const badge = w.launcher().locator(".b");
  await badge.filter({ hasText: "1" }).waitFor();
  await w.launcher().click();
  await badge.waitFor({ state: "hidden" });
  assert.equal(await w.messages("agent").locator(".text").textContent(), reply);

  assert.deepEqual(await emitAck(agent, "close", { conversationId }), { ok: true, status: "closed" });
  await w.chat().getByTestId("kefu-status").filter({ hasText: "Conversation closed" }).waitFor();

  const next = waitFor<{ id: string }>(agent, "conversation");
  await w.send("One more question: where is the warehouse?");
  assert.notEqual((await next).id, conversationId, "sending after the close starts a new conversation");
  await w.chat().getByTestId("kefu-status").waitFor({ state: "hidden" });
  await w.messages("bot", ":not([data-streaming])").nth(1).waitFor({ timeout: 60_000 });
});

test("an unknown widget key draws nothing and says why, in the console and as an event", async (t) => {
  const customer = await serveCustomerPage(
    customerHtml("pk_does_not_exist").replace(
      "<script src",
      `<script>addEventListener("kefu:error", (e) => (window.__kefuError = e.detail))</script><script src`,
    ),
  );
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    customer.server.close();
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(customer.url);
  await page.waitForFunction(() => (window as unknown as { __kefuError?: unknown }).__kefuError);
  const detail = await page.evaluate(
    () => (window as unknown as { __kefuError: { code: string; message: string } }).__kefuError,
  );
  assert.equal(detail.code, "not_found");
  assert.match(detail.message, /does not belong to any bot/);
  assert.ok(
    errors.some((e) => /\[kefu\].*does not belong to any bot/.test(e)),
    errors.join("\n"),
  );
  assert.equal(await page.locator("kefu-widget").count(), 0);
});
