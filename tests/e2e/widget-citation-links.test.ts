// Citations in the widget link to where the entry came from: the page of a web import opens in a new tab (without a
// handle on the chat), the document of a file import is named; an entry typed in the console is just its title.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { db, disconnectDb } from "../../lib/db/client";
import { createEntry } from "../../lib/knowledge";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { WidgetPage } from "../helpers/widget-page";

after(() => disconnectDb());

const HELP_PAGE = "https://help.shop.example/shipping";

test("a bot answer's sources link to the imported page in a new tab, and name the imported document", {
  timeout: 180_000,
}, async (t) => {
  const tenant = await makeTenant("cite-links");
  const shipping = await createEntry(tenant.tenant.id, {
    knowledgeBaseId: tenant.kb.id,
    title: "How long does shipping take?",
    content: "Delivery takes 3 to 5 business days.",
  });
  const returns = await createEntry(tenant.tenant.id, {
    knowledgeBaseId: tenant.kb.id,
    title: "Can I return a gift card?",
    content: "Gift cards cannot be returned.",
  });
  // what a web import and a file import store as the entries' source (the server has not indexed this tenant yet)
  await db().knowledgeEntry.update({
    where: { id: shipping.id },
    data: { source: HELP_PAGE, sourceKey: `${HELP_PAGE}#chunk:0` },
  });
  await db().knowledgeEntry.update({
    where: { id: returns.id },
    data: { source: "returns-policy.pdf", sourceKey: "returns-policy.pdf#chunk:0" },
  });

  const site = http.createServer((_, res) => {
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(
        `<!doctype html><title>Shop</title><script src="${testEnv.url}/widget.js" data-kefu-key="${tenant.bot.publicKey}" async></script>`,
      );
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  t.after(() => void site.close());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const context = await browser.newContext();
  // the help page is served here: nothing leaves the machine
  await context.route(`${HELP_PAGE}*`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>Shipping help</title>" }),
  );
  const w = new WidgetPage(await context.newPage());
  await w.page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
  await w.open();

  await w.send("How long does shipping take?");
  const first = w.messages("bot", "[data-id]").first();
  await first.waitFor({ timeout: 120_000 });
  const link = first
    .getByTestId("kefu-sources")
    .getByTestId("kefu-source-link")
    .filter({ hasText: "How long does shipping take?" });
  assert.equal(await link.getAttribute("href"), HELP_PAGE);
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.match((await link.getAttribute("rel")) ?? "", /\bnoopener\b/);
  const [tab] = await Promise.all([context.waitForEvent("page"), link.click()]);
  await tab.waitForLoadState();
  assert.equal(tab.url(), HELP_PAGE);
  assert.equal(await tab.evaluate(() => window.opener), null, "the opened page cannot reach the chat");
  await tab.close();

  await w.send("Can I return a gift card?");
  const second = w.messages("bot", "[data-id]").nth(1);
  await second.waitFor({ timeout: 120_000 });
  const sources = second.getByTestId("kefu-sources");
  assert.match((await sources.textContent()) ?? "", /Can I return a gift card\? \(returns-policy\.pdf\)/);
  assert.equal(
    await sources.getByTestId("kefu-source-link").filter({ hasText: "Can I return a gift card?" }).count(),
    0,
    "a document is named, not linked",
  );
});
