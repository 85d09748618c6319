// The knowledge page in Chromium: import a CSV with the progress bar, see the entries, bulk-disable every match of a
// filter, see a malformed file refused with its line number; with over 200 entries, find an old one by search and by
// tag, page through all of them, and edit one in place. Another tenant's admin sees none of it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { createEntry, getEntry, listEntries } from "../../lib/knowledge";
import { importEntries, waitForImport } from "../../lib/knowledge/import";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

/** Page object for /knowledge: tests say what they do, selectors live here. */
class KnowledgePage {
  constructor(private page: Page) {}
  open(query = "") {
    return this.page.goto(`${testEnv.url}/knowledge${query}`);
  }
  async importFile(name: string, content: string) {
    await this.page.getByTestId("import-open").click();
    await this.page
      .getByTestId("import-file")
      .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
    await this.page.getByTestId("import-submit").click();
  }
  async search(q: string) {
    await this.page.getByTestId("knowledge-search").fill(q);
    await Promise.all([
      this.page.waitForURL((u) => u.searchParams.get("q") === q),
      this.page.getByTestId("knowledge-search-submit").click(),
    ]);
  }
  count = async () => (await this.page.getByTestId("entries-count").textContent()) ?? "";
  ids = () => this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-entry-id")!));
  status = () => this.page.getByTestId("import-status");
  progress = () => this.page.getByTestId("import-progress");
  rows = () => this.page.getByTestId("entry-row");
  row = (title: string) => this.rows().filter({ hasText: title });
  async bulk(action: "enable" | "disable", opts: { allMatching?: boolean } = {}) {
    await this.page.getByTestId("select-all").check();
    if (opts.allMatching) await this.page.getByTestId("select-matching").click();
    await this.page.getByTestId(`bulk-${action}`).click();
    await this.page.getByTestId("bulk-message").waitFor();
  }
}

describe("knowledge page in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;
  let other: Awaited<ReturnType<typeof makeTenant>>;
  let old: Awaited<ReturnType<typeof createEntry>>;
  const tag = crypto.randomBytes(3).toString("hex");
  const source = `kettles-${tag}.csv`;
  const rows = Array.from(
    { length: 150 },
    (_, i) => `"Kettle ${tag} question ${i}, please?","Answer ${i}: descale monthly.",kettle`,
  );
  const csv = `question,answer,tags\n${rows.join("\n")}\n`;

  before(async () => {
    [tenant, other] = [await makeTenant("kn-e2e"), await makeTenant("kn-e2e-other")];
    // the oldest entry of the tenant: the newest-first list shows it last
    old = await createEntry(tenant.tenant.id, {
      title: `Can the Aurora${tag} be descaled with vinegar?`,
      content: `Yes: fill the Aurora${tag} with water and white vinegar, boil, and rinse twice.`,
      tags: [`aurora-${tag}`],
    });
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    await signIn(page, tenant.admin.email, tenant.admin.password);
  });
  after(async () => {
    await browser?.close();
    await disconnectDb();
  });

  test("import a CSV: the progress bar reaches done and the entries are listed", async () => {
    const kp = new KnowledgePage(page);
    await kp.open();
    await kp.importFile(source, csv);
    await page.locator('[data-testid="import-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    assert.equal(await kp.progress().getAttribute("aria-valuenow"), "100");
    assert.match((await page.getByTestId("import-done").textContent()) ?? "", /150 added, 0 updated, 0 unchanged/);
    await page.waitForFunction(() =>
      /^152 entries · showing 1–50$/.test(document.querySelector('[data-testid="entries-count"]')?.textContent ?? ""),
    );
    assert.equal(await kp.rows().count(), 50);
    assert.equal((await listEntries(tenant.tenant.id, { source, take: 1000 })).length, 150);
  });

  test("importing the same file again updates nothing and adds nothing", async () => {
    const kp = new KnowledgePage(page);
    await kp.open();
    await kp.importFile(source, csv);
    await page.locator('[data-testid="import-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId("import-done").textContent()) ?? "", /0 added, 0 updated, 150 unchanged/);
    assert.equal((await listEntries(tenant.tenant.id, { source, take: 1000 })).length, 150);
  });

  test("filter by source, select all 150 matches across pages and bulk-disable them", async () => {
    const kp = new KnowledgePage(page);
    await kp.open(`?source=${encodeURIComponent(source)}`);
    assert.equal(await kp.rows().count(), 50);
    assert.equal(await kp.count(), "150 entries · showing 1–50");
    await kp.bulk("disable", { allMatching: true });
    assert.equal(await page.getByTestId("bulk-message").textContent(), "Disabled 150 entries.");
    if (process.env.KEFU_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.KEFU_SCREENSHOT_DIR}/knowledge-bulk.png` });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="entry-enabled"]')].every(
        (e) => e.getAttribute("aria-checked") === "false",
      ),
    );
    const stored = await listEntries(tenant.tenant.id, { source, take: 1000 });
    assert.ok(stored.every((e) => !e.enabled));
    assert.equal(
      (await listEntries(tenant.tenant.id, { enabled: true })).length,
      2,
      "the entries outside the filter stay enabled",
    );
    await kp.open("?enabled=false");
    assert.equal(await kp.count(), "150 entries · showing 1–50");
  });

  test("only the selected rows: two rows chosen on page 2 are enabled, no others", async () => {
    const kp = new KnowledgePage(page);
    await kp.open(`?source=${encodeURIComponent(source)}&page=2`);
    assert.equal(await page.getByTestId("page-current").textContent(), "2");
    const [first, second] = await kp.ids();
    await kp.rows().nth(0).getByTestId("entry-select").check();
    await kp.rows().nth(1).getByTestId("entry-select").check();
    assert.equal(await page.getByTestId("bulk-count").textContent(), "2 selected");
    assert.equal(
      await page.getByTestId("select-matching").count(),
      0,
      "all matching is offered only with the whole page selected",
    );
    await page.getByTestId("bulk-enable").click();
    await page.getByTestId("bulk-message").waitFor();
    assert.equal(await page.getByTestId("bulk-message").textContent(), "Enabled 2 entries.");
    assert.deepEqual(
      (await listEntries(tenant.tenant.id, { source, enabled: true, take: 1000 })).map((e) => e.id).sort(),
      [first, second].sort(),
    );
  });

  test("over 200 entries: an old one is found by search and by tag, the pages list every entry once, and it is edited in place", async () => {
    const job = await importEntries(tenant.tenant.id, {
      source: `more-${tag}`,
      entries: Array.from({ length: 100 }, (_, i) => ({
        title: `Teapot ${tag} question ${i}?`,
        content: `Teapot answer ${i}.`,
      })),
    });
    assert.equal((await waitForImport(tenant.tenant.id, job.id)).status, "done");
    const kp = new KnowledgePage(page);
    await kp.open();
    assert.equal(await kp.count(), "252 entries · showing 1–50");
    assert.equal(await kp.row(`Aurora${tag}`).count(), 0, "the oldest entry is not on the first page");

    const seen: string[] = [];
    for (let n = 1; ; n++) {
      assert.equal(await page.getByTestId("page-current").textContent(), String(n));
      seen.push(...(await kp.ids()));
      if (!(await page.getByTestId("page-next").count())) break;
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get("page") === String(n + 1)),
        page.getByTestId("page-next").click(),
      ]);
      await page.waitForFunction(
        (first) => document.querySelector('[data-testid="entry-row"]')?.getAttribute("data-entry-id") !== first,
        seen.at(-50),
      );
    }
    assert.equal(seen.length, 252);
    assert.equal(new Set(seen).size, 252, "no entry on two pages");
    assert.deepEqual(seen.slice(-2), [old.id, tenant.entry.id], "the two oldest entries come last");
    assert.equal(await kp.count(), "252 entries · showing 251–252");

    await kp.search(`aurora${tag}`.toUpperCase());
    assert.deepEqual(await kp.ids(), [old.id]);
    assert.equal(await kp.count(), "1 entry");
    await kp.search(`aurora-${tag}`);
    assert.deepEqual(await kp.ids(), [old.id], "found by its tag");
    await kp.open(`?tag=aurora-${tag}`);
    assert.deepEqual(await kp.ids(), [old.id]);

    const row = kp.row(`Aurora${tag}`);
    await row.getByTestId("entry-edit-button").click();
    await row.getByTestId("entry-title").fill(`Can the Aurora${tag} be descaled with citric acid?`);
    await row.getByTestId("entry-save").click();
    await kp.row("citric acid").waitFor();
    assert.equal(
      (await getEntry(tenant.tenant.id, old.id)).title,
      `Can the Aurora${tag} be descaled with citric acid?`,
    );
  });

  test("a malformed CSV is refused with its line number and imports nothing", async () => {
    const kp = new KnowledgePage(page);
    await kp.open();
    await kp.importFile(`broken-${tag}.csv`, "question,answer\nFine?,Yes\nBroken?,\n");
    const error = page.getByTestId("import-error");
    await error.waitFor();
    assert.equal(await error.textContent(), "line 3: the answer column is empty");
    assert.equal((await listEntries(tenant.tenant.id, { source: `broken-${tag}.csv` })).length, 0);
  });

  test("a web page on a private address is refused, the import ending with the reason", async () => {
    const kp = new KnowledgePage(page);
    await kp.open();
    await page.getByTestId("import-open").click();
    await page.getByTestId("import-mode-url").check();
    await page.getByTestId("import-url").fill(`http://127.0.0.1:${new URL(testEnv.url).port}/api/health`);
    await page.getByTestId("import-submit").click();
    await page.locator('[data-testid="import-status"][data-status="failed"]').waitFor({ timeout: 20_000 });
    assert.match(
      (await page.getByTestId("import-failed").textContent()) ?? "",
      /127\.0\.0\.1 is a private, loopback or link-local address/,
    );
    if (process.env.KEFU_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.KEFU_SCREENSHOT_DIR}/knowledge-import.png` });
  });

  test("zh-CN: a file Kefu cannot import is refused before uploading, and an unreadable one in the import's own words", async () => {
    const ctx = await browser.newContext({ locale: "zh-CN" });
    await ctx.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
    const zh = await ctx.newPage();
    try {
      await signIn(zh, tenant.admin.email, tenant.admin.password);
      await zh.goto(`${testEnv.url}/knowledge`);
      await zh.getByTestId("import-open").click();
      const upload = async (name: string, content: string) => {
        await zh
          .getByTestId("import-file")
          .setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(content) });
        await zh.getByTestId("import-submit").click();
        return zh.getByTestId("import-error");
      };
      const html = await upload("faq.html", "<h1>配送说明</h1>");
      await html.filter({ hasText: "只能导入 CSV、Markdown、纯文本、JSON、PDF 或 DOCX 文件" }).waitFor();
      assert.match((await html.textContent()) ?? "", /请选择「网页」/);
      // an empty file reaches the server, which refuses it (bad_request): not the generic "check what you entered"
      const empty = await upload(`empty-${tag}.csv`, "");
      await empty.filter({ hasText: "无法读取该文件或网页，请检查格式和内容。" }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  test("knowledge bases: add, rename and delete one in the panel", async () => {
    const kp = new KnowledgePage(page);
    await kp.open();
    await page.getByTestId("kb-panel").locator("summary").click();
    await page.getByTestId("kb-new-name").fill(`Returns ${tag}`);
    await page.getByTestId("kb-create").click();
    const row = page.getByTestId("kb-row").filter({ hasText: `Returns ${tag}` });
    await row.waitFor();
    assert.match((await row.textContent()) ?? "", /0 entries · no bot uses it/);
    assert.match(
      (await page.getByTestId("kb-row").filter({ hasText: "FAQ" }).textContent()) ?? "",
      new RegExp(`used by ${tenant.bot.name}`),
    );
    await page.getByTestId("kb-new-name").fill(`returns ${tag}`);
    await page.getByTestId("kb-create").click();
    assert.match((await page.getByTestId("kb-error").textContent()) ?? "", /already exists/);

    const byId = page.locator(`[data-testid="kb-row"][data-kb-id="${await row.getAttribute("data-kb-id")}"]`);
    await byId.getByTestId("kb-rename").click();
    await byId.getByTestId("kb-rename-input").fill(`Refunds ${tag}`);
    await byId.getByTestId("kb-rename-save").click();
    const renamed = page.getByTestId("kb-row").filter({ hasText: `Refunds ${tag}` });
    await renamed.waitFor();
    await renamed.getByTestId("kb-delete").click();
    await renamed.getByTestId("kb-delete-confirm").click();
    await renamed.waitFor({ state: "detached" });
    assert.equal(await page.getByTestId("kb-row").count(), 1);
  });

  test("another tenant's admin sees none of these entries", async () => {
    const otherPage = await (await browser.newContext()).newPage();
    await signIn(otherPage, other.admin.email, other.admin.password);
    await otherPage.goto(`${testEnv.url}/knowledge?q=${encodeURIComponent(tag)}`);
    await otherPage.getByTestId("entries-empty").waitFor();
    assert.equal(await otherPage.getByTestId("entry-row").count(), 0);
    await otherPage.goto(`${testEnv.url}/knowledge?source=${encodeURIComponent(source)}`);
    assert.ok(!(await otherPage.getByTestId("entry-row").allTextContents()).some((t) => t.includes(tag)));
  });
});
