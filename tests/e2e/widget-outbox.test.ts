// A message the visitor sent that the server never acknowledged is not lost with the tab: the widget keeps it and
// sends it when the chat comes back (same client id, so it is stored once). Chromium, customer page on another origin.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { db, disconnectDb } from "../../lib/db/client";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { WidgetPage } from "../helpers/widget-page";

after(() => disconnectDb());

test("a message typed while the chat cannot reach the server is sent after the tab is closed and the page opened again, once", {
  timeout: 120_000,
}, async (t) => {
  const { bot, tenant } = await makeTenant("outbox");
  const html = `<!doctype html><html><body><h1>Shop</h1><script src="${testEnv.url}/widget.js" data-kefu-key="${bot.publicKey}" async></script></body></html>`;
  const server = http.createServer((_, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const context = await browser.newContext();

  // first visit: the chat's connection never gets through (a network that drops it)
  const offline = await context.newPage();
  await offline.route(/\/socket\.io\//, (route) => route.abort());
  await offline.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
  await offline.goto(url);
  const w1 = new WidgetPage(offline);
  await w1.launcher().click();
  const text = `Are you open on Sunday? ${crypto.randomUUID().slice(0, 8)}`;
  await w1.send(text);
  await w1.messages("visitor").filter({ hasText: text }).waitFor();
  assert.equal(await w1.stored("visitor").count(), 0, "not acknowledged: shown as waiting, not as sent");
  await offline.close();
  assert.equal(await db().message.count({ where: { tenantId: tenant.id, text } }), 0, "the server never got it");

  // the visitor comes back later, the network works again
  const online = await context.newPage();
  await online.goto(url);
  const w2 = new WidgetPage(online);
  await w2.launcher().click();
  await w2.stored("visitor").filter({ hasText: text }).waitFor({ timeout: 30_000 });
  assert.equal(await db().message.count({ where: { tenantId: tenant.id, text } }), 1, "stored once");

  // and again: the acknowledged message is no longer in the outbox, so nothing is sent twice
  await online.reload();
  await w2.launcher().click();
  await w2.stored("visitor").filter({ hasText: text }).waitFor({ timeout: 30_000 });
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(await db().message.count({ where: { tenantId: tenant.id, text } }), 1, "stored exactly once");
  assert.equal(await w2.messages("visitor").filter({ hasText: text }).count(), 1, "shown once");
});
