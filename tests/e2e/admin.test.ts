import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { getBot } from "../../lib/bots";
import { disconnectDb } from "../../lib/db/client";
import { listEntries } from "../../lib/knowledge";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { connectVisitor, emitAck, waitFor } from "../helpers/sockets";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
type BotMessage = { role: string; text: string; citations?: { id: string }[] };

/** Page objects for the admin pages: tests say what they do, selectors live here. */
class BotPage {
  constructor(private page: Page) {}
  async open(id: string) {
    return this.page.goto(`${testEnv.url}/bots/${id}`);
  }
  async fill(fields: {
    name?: string;
    greeting?: string;
    instructions?: string;
    temperature?: string;
    maxTokens?: string;
  }) {
    const ids = {
      name: "bot-name",
      greeting: "bot-greeting",
      instructions: "bot-instructions",
      temperature: "bot-temperature",
      maxTokens: "bot-max-tokens",
    } as const;
    for (const [k, v] of Object.entries(fields))
      if (v !== undefined) await this.page.getByTestId(ids[k as keyof typeof ids]).fill(v);
  }
  async save() {
    await this.page.getByTestId("bot-save").click();
    await this.page.getByTestId("bot-saved").or(this.page.getByTestId("bot-error")).waitFor();
  }
  error = () => this.page.getByTestId("bot-error");
  snippet = () => this.page.getByTestId("embed-snippet").textContent();
}

class KnowledgePage {
  constructor(private page: Page) {}
  async open(q = "") {
    await this.page.goto(`${testEnv.url}/knowledge${q ? `?q=${encodeURIComponent(q)}` : ""}`);
  }
  row = (title: string) => this.page.getByTestId("entry-row").filter({ hasText: title });
  async add(e: { title: string; content: string; tags: string }) {
    const form = this.page.getByTestId("entry-create");
    await form.getByTestId("entry-title").fill(e.title);
    await form.getByTestId("entry-content").fill(e.content);
    await form.getByTestId("entry-tags").fill(e.tags);
    await form.getByTestId("entry-save").click();
    await this.row(e.title).waitFor();
  }
}

const metric = async (page: Page, id: string) => Number(await page.getByTestId(`metric-${id}`).textContent());

async function waitForMetric(page: Page, id: string, ok: (n: number) => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  let last = NaN;
  while (Date.now() < until) {
    last = await metric(page, id);
    if (ok(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`metric-${id} stayed at ${last}`);
}

describe("admin pages in Chromium", () => {
  let browser: Browser;
  let first: Tenant;
  let second: Tenant;
  let ctx: BrowserContext;
  let page: Page;
  const tag = crypto.randomBytes(3).toString("hex");
  const entry = {
    title: `How do I descale the quasar kettle ${tag}?`,
    content: `Fill the quasar kettle ${tag} with vinegar, boil it twice and rinse.`,
    tags: `kettle, care，${tag}`,
  };
  const greeting = `Welcome to the kettle shop ${tag}!`;

  before(async () => {
    [first, second] = [await makeTenant("admin-e2e"), await makeTenant("admin-e2e-other")];
    browser = await launchBrowser();
    ctx = await browser.newContext();
    page = await ctx.newPage();
    await signIn(page, first.admin.email, first.admin.password);
  });
  after(async () => {
    await browser?.close();
    await disconnectDb();
  });

  test("the bots page lists the tenant's bot and the bot page shows its embed snippet", async () => {
    await page.goto(`${testEnv.url}/bots`);
    await page.getByTestId("bot-row").filter({ hasText: first.bot.name }).click();
    await page.waitForURL(new RegExp(`/bots/${first.bot.id}$`));
    const snippet = await new BotPage(page).snippet();
    const base = process.env.KEFU_PUBLIC_URL ?? testEnv.url;
    assert.equal(snippet, `<script src="${base}/widget.js" data-kefu-key="${first.bot.publicKey}" async></script>`);
    assert.equal(
      await page.getByTestId("demo-link").getAttribute("href"),
      `/demo?bot=${first.bot.id}`,
      "the demo page with this bot",
    );
  });

  test("the bot form shows the server's message for an invalid field and saves valid settings", async () => {
    const bot = new BotPage(page);
    await bot.open(first.bot.id);
    await bot.fill({ name: "   " });
    await bot.save();
    assert.match((await bot.error().textContent()) ?? "", /Name: the name is empty/);

    await bot.fill({
      name: first.bot.name,
      greeting,
      instructions: "Answer in one short sentence.",
      temperature: "0.55",
      maxTokens: "40",
    });
    await bot.save();
    assert.equal(await bot.error().count(), 0);
    const saved = await getBot(first.tenant.id, first.bot.id);
    assert.deepEqual(
      {
        greeting: saved.greeting,
        instructions: saved.instructions,
        temperature: saved.temperature,
        maxTokens: saved.maxTokens,
        modelId: saved.modelId,
        kbs: saved.knowledgeBaseIds,
      },
      {
        greeting,
        instructions: "Answer in one short sentence.",
        temperature: 0.55,
        maxTokens: 40,
        modelId: null,
        kbs: [first.kb.id],
      },
    );
    await bot.open(first.bot.id);
    assert.equal(
      await page.getByTestId("bot-greeting").inputValue(),
      greeting,
      "the form shows the saved values after a reload",
    );
    assert.ok(await page.getByTestId(`bot-kb-${first.kb.id}`).isChecked());
  });

  test("knowledge: add an entry, search, toggle and delete", async () => {
    const kp = new KnowledgePage(page);
    await kp.open();
    await kp.add(entry);
    const [stored] = await listEntries(first.tenant.id, { q: entry.title });
    assert.deepEqual(stored.tags, ["kettle", "care", tag]);
    assert.equal(stored.enabled, true);

    await kp.open("quasar kettle");
    assert.equal(await page.getByTestId("entry-row").count(), 1);
    await kp.open();
    assert.equal(await page.getByTestId("entry-row").count(), 2);

    // the fixture's entry: disable it from its row, then delete it
    const fixtureRow = kp.row(first.entry.title);
    await fixtureRow.getByTestId("entry-enabled").click();
    await fixtureRow.locator('[data-testid="entry-enabled"][aria-checked="false"]').waitFor();
    assert.equal((await listEntries(first.tenant.id, { q: first.entry.title }))[0].enabled, false);
    await fixtureRow.getByTestId("entry-delete").click();
    await fixtureRow.getByTestId("entry-delete-confirm").click();
    await fixtureRow.waitFor({ state: "detached" });
    assert.equal((await listEntries(first.tenant.id)).length, 1);
  });

  test("a visitor gets the new greeting, an answer citing the new entry, and monitoring updates live", async () => {
    const monitor = await ctx.newPage();
    await monitor.goto(`${testEnv.url}/monitoring`);
    await waitForMetric(monitor, "messages-per-minute", (n) => n === 0);
    assert.equal(await metric(monitor, "open-conversations"), 0);
    const [stored] = await listEntries(first.tenant.id, { q: entry.title });

    const { socket, session } = await connectVisitor({ key: first.bot.publicKey });
    try {
      assert.equal((session as unknown as { bot: { greeting: string } }).bot.greeting, greeting);
      const answer = waitFor<BotMessage>(socket, "message", (m) => m.role === "bot", 60_000);
      const ack = await emitAck(socket, "message", {
        clientId: crypto.randomUUID(),
        text: `How do I descale the quasar kettle ${tag}?`,
      });
      assert.equal(ack.ok, true);
      const message = await answer;
      assert.ok(
        message.citations?.some((c) => c.id === stored.id),
        `citations: ${JSON.stringify(message.citations)}`,
      );
    } finally {
      socket.close();
    }

    await waitForMetric(monitor, "messages-per-minute", (n) => n >= 1);
    await waitForMetric(monitor, "open-conversations", (n) => n >= 1);
    assert.ok((await monitor.getByTestId("metric-model-status").textContent())?.length);
    await monitor.close();
  });

  test("another tenant's admin sees none of it and gets 404 for the bot", async () => {
    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      await signIn(p, second.admin.email, second.admin.password);
      await p.goto(`${testEnv.url}/bots`);
      const bots = await p.getByTestId("bot-row-name").allTextContents();
      assert.deepEqual(bots, [second.bot.name]);

      await p.goto(`${testEnv.url}/knowledge`);
      const titles = await p.getByTestId("entry-row-title").allTextContents();
      assert.deepEqual(titles, [second.entry.title]);
      await p.goto(`${testEnv.url}/knowledge?q=${encodeURIComponent("quasar kettle")}`);
      assert.equal(await p.getByTestId("entry-row").count(), 0);

      const res = await p.goto(`${testEnv.url}/bots/${first.bot.id}`);
      assert.equal(res?.status(), 404);
      await p.getByTestId("bot-not-found").waitFor();

      const get = await p.request.get(`${testEnv.url}/api/admin/bots/${first.bot.id}`);
      assert.equal(get.status(), 404);
      const put = await p.request.put(`${testEnv.url}/api/admin/bots/${first.bot.id}`, {
        data: { name: "x", greeting: "owned", instructions: "", temperature: 0.1, maxTokens: 16, knowledgeBaseIds: [] },
      });
      assert.equal(put.status(), 404);
      assert.equal((await getBot(first.tenant.id, first.bot.id)).greeting, greeting);
    } finally {
      await other.close();
    }
  });
});
