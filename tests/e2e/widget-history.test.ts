// An identified person's history on every device, in Chromium: two browser contexts are two devices of one
// signed-in customer on a shop served from another origin. Past conversations show read-only above the current
// one; an anonymous visitor, a page with a forged signature and the next visitor after Kefu.reset() see nothing.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { disconnectDb } from "../../lib/db/client";
import { getWidgetSecret, signUserId } from "../../lib/tenants/widget-secret";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectAgent, emitAck, waitFor } from "../helpers/sockets";
import { WidgetPage } from "../helpers/widget-page";

after(() => disconnectDb());

const snippet = (key: string) => `<script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script>`;
const page = (body: string) =>
  `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>${body}</body></html>`;
const identifyFirst = (id: object) =>
  `<script>window.Kefu={q:[["identify",[${JSON.stringify(id)}]]]};addEventListener("kefu:identified",()=>window.__ok=1);addEventListener("kefu:error",(e)=>window.__err=e.detail)</script>`;

async function site(pages: Record<string, string>) {
  const server = http.createServer((req, res) => {
    const html = pages[req.url ?? ""];
    if (!html) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const history = (w: WidgetPage) => w.chat().locator('[data-testid="kefu-history-message"]');

test("identified: past conversations follow the person to another device; anonymous, forged and reset see none", {
  timeout: 180_000,
}, async (t) => {
  const tenant = await makeTenant("whist");
  const marker = crypto.randomBytes(3).toString("hex");
  const userId = `shopper-${marker}`;
  const signature = signUserId(await getWidgetSecret(tenant.tenant.id), userId);
  const shop = await site({
    "/": page(identifyFirst({ userId, signature, name: "Wang Fang" }) + snippet(tenant.bot.publicKey)),
    "/forged": page(identifyFirst({ userId, signature: signUserId("guess", userId) }) + snippet(tenant.bot.publicKey)),
    "/plain": page(snippet(tenant.bot.publicKey)),
  });
  const agent = await connectAgent(await signInCookie(tenant.admin.email, tenant.admin.password));
  const browser = await launchBrowser();
  t.after(async () => {
    agent.close();
    shop.server.close();
    await browser.close();
  });
  const laptop = new WidgetPage(await (await browser.newContext()).newPage());
  const phone = new WidgetPage(await (await browser.newContext()).newPage());
  const signedIn = (w: WidgetPage) => w.page.waitForFunction(() => (window as unknown as { __ok?: number }).__ok === 1);

  await t.test("on the laptop: a conversation, answered by an agent and closed", async () => {
    await laptop.page.goto(`${shop.url}/`);
    await signedIn(laptop);
    await laptop.open();
    const created = waitFor<{ id: string }>(agent, "conversation");
    await laptop.send(`Where is order ${marker}?`);
    const conversationId = (await created).id;
    await emitAck(agent, "takeover", { conversationId });
    await emitAck(agent, "note", { conversationId, clientId: crypto.randomUUID(), text: `team only ${marker}` });
    await emitAck(agent, "reply", {
      conversationId,
      clientId: crypto.randomUUID(),
      text: `It ships **tomorrow**, ${marker}.`,
    });
    await laptop.stored("agent").filter({ hasText: "It ships" }).waitFor();
    await emitAck(agent, "close", { conversationId });
    await laptop.stored("system").filter({ hasText: "closed" }).waitFor();
  });

  await t.test("on the phone: the earlier conversation is there, read-only above an empty current one", async () => {
    await phone.page.goto(`${shop.url}/`);
    await signedIn(phone);
    await phone.open();
    await history(phone)
      .filter({ hasText: `Where is order ${marker}?` })
      .waitFor();
    const shown = await history(phone).evaluateAll((ns) =>
      ns.map((n) => ({ role: (n as HTMLElement).dataset.role, text: n.querySelector(".text")!.textContent })),
    );
    assert.deepEqual(shown[0], { role: "visitor", text: `Where is order ${marker}?` });
    assert.deepEqual(
      shown.filter((m) => m.role === "agent").map((m) => m.text),
      [`It ships tomorrow, ${marker}.`],
    );
    assert.equal(shown.at(-1)!.role, "system", "the closing notice comes last");
    assert.equal(
      await history(phone).filter({ hasText: "It ships" }).locator("strong").textContent(),
      "tomorrow",
      "agent answers are formatted there too",
    );
    assert.ok(!(await phone.chat().locator("body").textContent())!.includes("team only"), "a note reached the visitor");
    assert.equal(await phone.messages().count(), 0, "no open conversation: the current list is empty");
    await phone.chat().getByTestId("kefu-history-divider").filter({ hasText: "Earlier conversation" }).waitFor();
    // the history sits above the greeting and the conversation the phone starts now
    await phone.send(`And a new question ${marker}`);
    await phone.stored("visitor").filter({ hasText: "new question" }).waitFor();
    const order = await phone
      .chat()
      .locator('[data-testid="kefu-messages"] > *')
      .evaluateAll((ns) => ns.map((n) => n.getAttribute("data-testid")));
    assert.deepEqual(order.slice(0, 3), ["kefu-history", "kefu-greeting", "kefu-message"]);
  });

  await t.test("the laptop sees its own past after a reload", async () => {
    await laptop.page.reload();
    await signedIn(laptop);
    await laptop.open();
    await history(laptop)
      .filter({ hasText: `Where is order ${marker}?` })
      .waitFor();
    // the conversation the phone opened is open: it is the current one here, not history
    await laptop.stored("visitor").filter({ hasText: "new question" }).waitFor();
    assert.equal(await history(laptop).filter({ hasText: "new question" }).count(), 0);
  });

  await t.test("an anonymous visitor and a page with a forged signature see none of it", async () => {
    const anon = new WidgetPage(await (await browser.newContext()).newPage());
    await anon.page.goto(`${shop.url}/plain`);
    await anon.open();
    const forged = new WidgetPage(await (await browser.newContext()).newPage());
    await forged.page.goto(`${shop.url}/forged`);
    await forged.page.waitForFunction(() => (window as unknown as { __err?: unknown }).__err);
    await forged.open();
    await anon.page.waitForTimeout(1000);
    for (const w of [anon, forged]) {
      assert.equal(await history(w).count(), 0);
      assert.equal(await w.messages().count(), 0);
      assert.ok(!(await w.chat().locator("body").textContent())!.includes(marker));
    }
  });

  await t.test("Kefu.reset(): the next visitor on the phone sees nothing of the previous one", async () => {
    await phone.page.evaluate(() => (window as unknown as { Kefu: { reset(): void } }).Kefu.reset());
    await history(phone).first().waitFor({ state: "detached" });
    await phone.messages().first().waitFor({ state: "detached" });
    await phone.page.goto(`${shop.url}/plain`);
    await phone.open();
    await phone.page.waitForTimeout(1000);
    assert.equal(await history(phone).count(), 0);
    assert.equal(await phone.messages().count(), 0);
    assert.ok(!(await phone.chat().locator("body").textContent())!.includes(marker));
  });
});
