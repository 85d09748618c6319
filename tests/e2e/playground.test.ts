import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createBot } from "../../lib/bots";
import { db, disconnectDb } from "../../lib/db/client";
import { createEntry } from "../../lib/knowledge";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

/** The playground page: tests say what they do, selectors live here. */
class PlaygroundPage {
  constructor(readonly page: Page) {}
  async open() {
    await this.page.goto(`${testEnv.url}/playground`);
  }
  async ask(botId: string, question: string) {
    await this.page.getByTestId("playground-bot").selectOption(botId);
    await this.page.getByTestId("playground-question").fill(question);
    await this.page.getByTestId("playground-ask").click();
  }
  hits = () => this.page.getByTestId("playground-hit");
  decision = () => this.page.getByTestId("playground-decision");
  answer = () => this.page.getByTestId("playground-answer");
  prompt = () => this.page.getByTestId("playground-prompt");
}

let browser: Browser;
let t: Awaited<ReturnType<typeof makeTenant>>;

before(async () => {
  t = await makeTenant("playground-e2e");
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "How long does shipping take?",
    content: "Orders ship within 24 hours; delivery takes 3 to 5 business days.",
  });
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "What is your return policy?",
    content: "Unused items can be returned within 30 days.",
  });
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "Do you sell gift cards?",
    content: "Gift cards from 50 to 1000 CNY.",
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await disconnectDb();
});

test("the playground shows the ranked entries with scores, the decision, the prompt and the streamed answer, storing nothing", async () => {
  const bot = await createBot(t.tenant.id, {
    ...t.bot,
    name: "Playground bot",
    maxTokens: 48,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, t.admin.email, t.admin.password);
  await page.getByTestId("nav-playground").click();
  await page.waitForURL(/\/playground$/);
  const pg = new PlaygroundPage(page);
  const conversationsBefore = await db().conversation.count({ where: { tenantId: t.tenant.id } });

  // every text the answer shows while it streams
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __answers: string[] }).__answers = []);
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="playground-answer"]');
      if (el?.textContent && seen.at(-1) !== el.textContent) seen.push(el.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await pg.ask(bot.id, "How long does shipping take?");
  await pg.hits().first().waitFor();
  assert.equal(
    await pg.hits().first().getByTestId("playground-hit-title").textContent(),
    "How long does shipping take?",
  );
  assert.match((await pg.hits().first().getByTestId("playground-hit-score").textContent()) ?? "", /^score 0\.\d{3}$/);
  assert.match(
    (await pg.hits().first().getByTestId("playground-hit-confidence").textContent()) ?? "",
    /^conf\. [01]\.\d\d$/,
  );
  // both halves of retrieval, each on its own: the test server's embedding model is the tiny story model, which is no
  // embedding model, so its vectors take no part and the page says so
  assert.match((await pg.hits().first().getByTestId("playground-hit-bm25").textContent()) ?? "", /^BM25 [01]\.\d{3}$/);
  assert.equal(await pg.hits().first().getByTestId("playground-hit-vector").textContent(), "vector — (keywords only)");
  assert.equal(await pg.decision().getAttribute("data-decision"), "model");
  assert.match((await pg.prompt().textContent()) ?? "", /<<<ENTRY \[1\]>>>\s*Title: How long does shipping take\?/);
  await page.locator('[data-testid="playground-answer"][data-streaming="false"]').waitFor({ timeout: 60_000 });
  const final = ((await pg.answer().textContent()) ?? "").trim();
  assert.ok(final.length > 0, "an answer was shown");
  const seen = await page.evaluate(() => (window as unknown as { __answers: string[] }).__answers);
  assert.ok(seen.length >= 2, `the answer grew while streaming: ${JSON.stringify(seen)}`);

  // a question with no match: no answer, and the page says so
  await pg.ask(bot.id, "zorblax quantum flux?");
  await page.locator('[data-testid="playground-decision"][data-decision="no_answer"]').waitFor();
  await page.getByTestId("playground-no-hits").waitFor();
  await page
    .locator('[data-testid="playground-answer"][data-streaming="false"]')
    .filter({ hasText: "not sure" })
    .waitFor();
  assert.equal(
    await db().conversation.count({ where: { tenantId: t.tenant.id } }),
    conversationsBefore,
    "nothing stored as a conversation",
  );
});

test("another tenant's admin sees only their own bots in the playground", async () => {
  const other = await makeTenant("playground-other");
  const page = await (await browser.newContext()).newPage();
  await signIn(page, other.admin.email, other.admin.password);
  await new PlaygroundPage(page).open();
  const options = await page
    .getByTestId("playground-bot")
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.deepEqual(options, [other.bot.id]);
  assert.ok(!options.includes(t.bot.id));
});
