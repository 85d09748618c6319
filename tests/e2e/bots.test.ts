import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { getBot, listBots } from "../../lib/bots";
import { createVisitor, getConversation, openConversation } from "../../lib/conversations";
import { disconnectDb } from "../../lib/db/client";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/** Page object for the Bots pages: tests say what they do, selectors live here. */
class Bots {
  constructor(private page: Page) {}
  async create(name: string) {
    await this.page.goto(`${testEnv.url}/bots`);
    await this.page.getByTestId("bot-create-name").fill(name);
    await this.page.getByTestId("bot-create").click();
    await this.page.waitForURL(/\/bots\/c\w+$/);
    return this.page.url().split("/").pop()!;
  }
  async edit(fields: { greeting?: string; instructions?: string; temperature?: string }) {
    const ids = { greeting: "bot-greeting", instructions: "bot-instructions", temperature: "bot-temperature" } as const;
    for (const [k, v] of Object.entries(fields)) await this.page.getByTestId(ids[k as keyof typeof ids]).fill(v);
    await this.page.getByTestId("bot-save").click();
    await this.page.getByTestId("bot-saved").waitFor();
  }
  versions = () => this.page.getByTestId("bot-version");
  version = (n: number) => this.page.locator(`[data-testid="bot-version"][data-number="${n}"]`);
  async waitForVersions(count: number) {
    await this.page.locator(`[data-testid="bot-version"][data-number="${count}"]`).waitFor();
  }
}

describe("the Bots pages in Chromium", () => {
  let browser: Browser;
  let a: Tenant;
  let b: Tenant;
  let ctx: BrowserContext;
  let page: Page;
  let bots: Bots;
  const tag = crypto.randomBytes(3).toString("hex");

  before(async () => {
    [a, b] = [await makeTenant("bots-e2e"), await makeTenant("bots-e2e-other")];
    browser = await launchBrowser();
    ctx = await browser.newContext();
    await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: testEnv.url });
    page = await ctx.newPage();
    bots = new Bots(page);
    await signIn(page, a.admin.email, a.admin.password);
  });
  after(async () => {
    await browser?.close();
    await disconnectDb();
  });

  test("create a bot, edit it twice, see the history, compare, roll back, copy the embed snippet", async () => {
    const id = await bots.create(`Returns desk ${tag}`);
    assert.equal(await page.getByTestId("bot-title").textContent(), `Returns desk ${tag}`);
    const created = await getBot(a.tenant.id, id);
    assert.equal(await bots.versions().count(), 1);

    await bots.edit({ greeting: `Hello from returns ${tag}` });
    await bots.waitForVersions(2);
    await bots.edit({ instructions: "Only talk about returns.", temperature: "0.8" });
    await bots.waitForVersions(3);
    assert.equal(await bots.versions().count(), 3);
    const v2 = (await bots.version(2).textContent()) ?? "";
    assert.match(v2, /Changed: Greeting/);
    assert.match(v2, new RegExp(`by ${a.admin.name}`));
    assert.match((await bots.version(3).textContent()) ?? "", /Changed: Instructions, Temperature/);

    await bots.version(1).getByTestId("bot-version-pick").check();
    await bots.version(3).getByTestId("bot-version-pick").check();
    await page.getByTestId("bot-compare").click();
    const rows = page.getByTestId("bot-diff-row");
    await rows.first().waitFor();
    assert.deepEqual((await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-field")))).sort(), [
      "greeting",
      "instructions",
      "temperature",
    ]);
    assert.match(
      (await page.locator('[data-field="greeting"]').textContent()) ?? "",
      new RegExp(`Hello from returns ${tag}`),
    );

    await bots.version(1).getByTestId("bot-version-rollback").click();
    await page.getByTestId("bot-history-notice").waitFor();
    await bots.waitForVersions(4);
    assert.match((await bots.version(4).textContent()) ?? "", /rolled back to version 1/);
    const restored = await getBot(a.tenant.id, id);
    assert.deepEqual(
      [restored.greeting, restored.instructions, restored.temperature],
      [created.greeting, created.instructions, created.temperature],
    );
    assert.equal(
      await page.getByTestId("bot-greeting").inputValue(),
      created.greeting,
      "the form shows the restored values",
    );

    await page.getByTestId("embed-copy").click();
    await page.getByTestId("embed-copy").filter({ hasText: "Copied" }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, new RegExp(`data-kefu-key="${created.publicKey}"`));
  });

  test("duplicate a bot, then delete the copy: the dialog says what happens and the list no longer has it", async () => {
    await page.goto(`${testEnv.url}/bots/${a.bot.id}`);
    await page.getByTestId("bot-duplicate").click();
    await page.waitForURL((u) => !u.pathname.endsWith(a.bot.id) && /\/bots\/c\w+$/.test(u.pathname));
    assert.equal(await page.getByTestId("bot-title").textContent(), `${a.bot.name} (copy)`);
    await page.getByTestId("bot-delete").click();
    const dialog = page.getByTestId("bot-delete-dialog");
    await dialog.getByTestId("bot-delete-consequences").waitFor();
    assert.match((await dialog.textContent()) ?? "", /widget stops at once.*No conversation is open/s);
    await dialog.getByTestId("bot-delete-confirm").click();
    await page.waitForURL(/\/bots$/);
    const names = await page.getByTestId("bot-row-name").allTextContents();
    assert.ok(names.includes(a.bot.name));
    assert.ok(!names.includes(`${a.bot.name} (copy)`));
  });

  test("deleting a bot with a live widget needs its name typed; its open conversation is closed and kept", async () => {
    await page.goto(`${testEnv.url}/bots`);
    const { bot } = await page.evaluate(async (name) => {
      const res = await fetch("/api/admin/bots", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      return res.json();
    }, `Live ${tag}`);
    const visitor = await createVisitor(a.tenant.id);
    const { conversation } = await openConversation(a.tenant.id, bot.id, visitor.id);
    await page.goto(`${testEnv.url}/bots/${bot.id}`);
    await page.getByTestId("bot-delete").click();
    const dialog = page.getByTestId("bot-delete-dialog");
    await dialog.getByTestId("bot-delete-name").waitFor();
    assert.match((await dialog.textContent()) ?? "", /1 open conversation will be closed/);
    assert.ok(await dialog.getByTestId("bot-delete-confirm").isDisabled(), "not without the typed name");
    await dialog.getByTestId("bot-delete-name").fill(`Live ${tag}`);
    await dialog.getByTestId("bot-delete-confirm").click();
    await page.waitForURL(/\/bots$/);
    assert.ok(!(await listBots(a.tenant.id)).some((x) => x.id === bot.id));
    assert.equal((await getConversation(a.tenant.id, conversation.id)).status, "closed");
    assert.equal((await fetch(`${testEnv.url}/api/widget/config?key=${bot.publicKey}`)).status, 404);
  });

  test("a draft tried on the saved questions next to the live bot, then published as a new version", async () => {
    await page.goto(`${testEnv.url}/bots/${a.bot.id}`);
    const drafts = page.getByTestId("bot-drafts");
    await drafts.getByTestId("draft-question-input").fill(a.entry.title);
    await drafts.getByTestId("draft-question-add").click();
    await drafts.getByTestId("draft-question").filter({ hasText: a.entry.title }).waitFor();
    await drafts.getByTestId("draft-greeting").fill(`Draft greeting ${tag}`);
    await drafts.getByTestId("draft-save").click();
    await drafts.getByTestId("draft-changes").filter({ hasText: "The draft changes: Greeting" }).waitFor();
    assert.notEqual((await getBot(a.tenant.id, a.bot.id)).greeting, `Draft greeting ${tag}`, "a draft is not live");

    await drafts.getByTestId("draft-run").click();
    await drafts.getByTestId("draft-result").waitFor({ timeout: 60_000 });
    assert.equal(await drafts.getByTestId("draft-result").count(), 1);
    assert.match((await drafts.getByTestId("draft-result-live").textContent()) ?? "", /Top entry: /);
    assert.ok(await drafts.getByTestId("draft-result-draft").getAttribute("data-decision"));

    const before = await bots.versions().count();
    await drafts.getByTestId("draft-publish").click();
    await page.getByTestId("draft-notice").waitFor();
    await bots.waitForVersions(before + 1);
    assert.match((await bots.version(before + 1).textContent()) ?? "", /draft published/);
    assert.equal((await getBot(a.tenant.id, a.bot.id)).greeting, `Draft greeting ${tag}`);
  });

  test("another tenant's bot page is not found; the Bots pages speak Chinese in zh-CN", async () => {
    await page.goto(`${testEnv.url}/bots/${b.bot.id}`);
    await page.getByTestId("bot-not-found").waitFor();
    assert.equal(await page.getByTestId("bot-title").count(), 0);

    await ctx.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
    await page.goto(`${testEnv.url}/bots`);
    assert.equal(await page.getByTestId("bot-create").textContent(), "创建机器人");
    await page.goto(`${testEnv.url}/bots/${a.bot.id}`);
    const history = page.getByTestId("bot-history");
    assert.match((await history.textContent()) ?? "", /版本历史/);
    assert.equal(await page.getByTestId("bot-save").textContent(), "保存");
    assert.equal(await page.getByTestId("embed-copy").textContent(), "复制");
    await ctx.clearCookies({ name: "kefu-locale" });
  });
});
