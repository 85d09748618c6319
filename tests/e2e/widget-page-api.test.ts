// The loader on a customer page (127.0.0.1; Kefu is on localhost), in Chromium: the bot's looks, the chat frame
// loaded only when needed, Kefu.open()/Kefu.close(), the chime and title while closed, and postMessage from
// anyone but the two widget windows ignored on both sides.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { db, disconnectDb } from "../../lib/db/client";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectAgent, emitAck, waitFor } from "../helpers/sockets";
import { WidgetPage } from "../helpers/widget-page";

after(() => disconnectDb());

/** Two origins: the shop, and an unrelated site the shop embeds (an ad, say) that tries to talk to the widget. */
async function sites(key: string) {
  const other = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><script>
      // from inside the embedded third-party frame: pose as the chat frame to the loader, and try to reach the chat
      window.attack = () => {
        parent.postMessage({ kefu: 1, type: "unread", count: 9 }, "*");
        parent.postMessage({ kefu: 1, type: "event", name: "error", code: "x", message: "forged" }, "*");
        for (let i = 0; i < parent.frames.length; i++) {
          try { parent.frames[i].postMessage({ kefu: 1, type: "reset" }, "*"); } catch {}
        }
        return parent.frames.length;
      };
    </script>`),
  );
  await new Promise<void>((r) => other.listen(0, "localhost", r));
  const otherUrl = `http://localhost:${(other.address() as AddressInfo).port}/`;
  // counts the chimes the page's scripts play: every oscillator started in this window
  const html = `<!doctype html><html><head><title>Tea shop</title><script>
    window.__chimes = 0;
    const Real = window.AudioContext;
    window.AudioContext = class extends Real {
      createOscillator() { const o = super.createOscillator(); const start = o.start.bind(o); o.start = (...a) => (window.__chimes++, start(...a)); return o; }
    };
    addEventListener("kefu:error", (e) => (window.__errors = (window.__errors || 0) + 1));
  </script></head><body><h1>Tea</h1><iframe id="ad" src="${otherUrl}" width="10" height="10"></iframe>
  <script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script></body></html>`;
  const shop = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r));
  return { shop, other, url: `http://127.0.0.1:${(shop.address() as AddressInfo).port}/` };
}

test("looks from the bot, a lazily loaded chat, Kefu.open/close, chime and title when closed, foreign postMessage ignored", {
  timeout: 120_000,
}, async (t) => {
  const tenant = await makeTenant("wapi");
  const greeting = `Welcome to the tea shop ${crypto.randomBytes(3).toString("hex")}`;
  await db().bot.update({
    where: { id: tenant.bot.id },
    data: { color: "#ff5500", position: "left", avatarUrl: "https://kefu.invalid/avatar.png", greeting },
  });
  const s = await sites(tenant.bot.publicKey);
  const agent = await connectAgent(await signInCookie(tenant.admin.email, tenant.admin.password));
  const browser = await launchBrowser();
  t.after(async () => {
    agent.close();
    s.shop.close();
    s.other.close();
    await browser.close();
  });
  const w = new WidgetPage(await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage());
  const frameCount = () =>
    w.page.evaluate(() => document.querySelector("kefu-widget")!.shadowRoot!.querySelectorAll("iframe").length);
  const chimes = () => w.page.evaluate(() => (window as unknown as { __chimes: number }).__chimes);

  await t.test("the launcher has the bot's colour and side; the chat is not loaded until it is needed", async () => {
    await w.page.goto(s.url);
    await w.launcher().waitFor();
    const look = await w
      .launcher()
      .evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, left: el.getBoundingClientRect().left }));
    assert.deepEqual(look, { bg: "rgb(255, 85, 0)", left: 20 });
    await w.page.waitForTimeout(500);
    assert.equal(await frameCount(), 0, "no chat frame before the visitor wants one");
  });

  await t.test(
    "Kefu.open() opens the chat with the bot's greeting, avatar and colour; Kefu.close() closes it",
    async () => {
      await w.page.evaluate(() => (window as unknown as { Kefu: { open(): void } }).Kefu.open());
      await w.chat().getByTestId("kefu-greeting").filter({ hasText: greeting }).waitFor();
      assert.equal(await frameCount(), 1);
      assert.equal(await w.panel().isVisible(), true);
      assert.equal(
        await w.panel().evaluate((el) => Math.round(el.getBoundingClientRect().left)),
        20,
        "the panel opens on the left too",
      );
      assert.equal(await w.chat().getByTestId("kefu-avatar").getAttribute("src"), "https://kefu.invalid/avatar.png");
      assert.equal(
        await w
          .chat()
          .locator("header")
          .evaluate((el) => getComputedStyle(el).backgroundColor),
        "rgb(255, 85, 0)",
      );
      assert.equal(await w.launcher().getAttribute("aria-expanded"), "true");
      await w.page.evaluate(() => (window as unknown as { Kefu: { close(): void } }).Kefu.close());
      await w.panel().waitFor({ state: "hidden" });
      assert.equal(await w.launcher().getAttribute("aria-expanded"), "false");
    },
  );

  let conversationId = "";
  await t.test("an agent's reply while the chat is closed: badge, title and a chime", async () => {
    await w.launcher().click(); // a real click: the browser lets the page play sound after one
    const created = waitFor<{ id: string }>(agent, "conversation");
    await w.send("Do you have oolong?");
    conversationId = (await created).id;
    await emitAck(agent, "takeover", { conversationId });
    await w.chat().getByTestId("kefu-close").click();
    await w.panel().waitFor({ state: "hidden" });
    const before = await chimes();
    await emitAck(agent, "reply", { conversationId, clientId: crypto.randomUUID(), text: "Yes, three kinds." });
    await w.page.getByTestId("kefu-badge").filter({ hasText: "1" }).waitFor();
    assert.match(await w.page.title(), /^\(1\) Tea shop$/);
    await w.page.waitForFunction((n) => (window as unknown as { __chimes: number }).__chimes > n, before);
    // read: no badge, no title count, no more chimes
    await w.launcher().click();
    await w.page.getByTestId("kefu-badge").waitFor({ state: "hidden" });
    assert.equal(await w.page.title(), "Tea shop");
    const opened = await chimes();
    await emitAck(agent, "reply", { conversationId, clientId: crypto.randomUUID(), text: "Anything else?" });
    await w.stored("agent").filter({ hasText: "Anything else?" }).waitFor();
    assert.equal(await chimes(), opened, "no chime while the chat is open");
  });

  await t.test("a third-party frame on the page cannot pose as the chat, nor reach it", async () => {
    await w.chat().getByTestId("kefu-close").click();
    const ad = w.page
      .frames()
      .find((f) => f.url().startsWith("http://localhost:") && !f.url().includes("/widget/frame"))!;
    assert.ok(ad, "the third-party frame loaded");
    const reached = await ad.evaluate(() => (window as unknown as { attack(): number }).attack());
    // the chat's iframe lives in the launcher's shadow root: it is not among the page's frames, so the ad cannot
    // even address it; the page itself (its legitimate parent) is the only other window that can
    assert.equal(reached, 1, "only the ad itself is reachable through parent.frames");
    await w.page.waitForTimeout(1000);
    assert.equal(await w.page.getByTestId("kefu-badge").isVisible(), false, "the forged unread count was ignored");
    assert.equal(
      await w.page.evaluate(() => (window as unknown as { __errors?: number }).__errors ?? 0),
      0,
      "the forged event was ignored",
    );
    await w.launcher().click();
    // the chat was not reset: the conversation is still there
    await w.stored("agent").filter({ hasText: "Anything else?" }).waitFor();
    assert.equal(await w.stored("visitor").filter({ hasText: "oolong" }).count(), 1);
  });
});
