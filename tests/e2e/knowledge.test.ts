// The knowledge page in Chromium: import a CSV with the progress bar, see the entries, bulk-disable them, and see
// a malformed file refused with its line number. Another tenant's admin sees none of it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { listEntries } from "../../lib/knowledge";
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
    await this.page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
    await this.page.getByTestId("import-submit").click();
  }
  status = () => this.page.getByTestId("import-status");
  progress = () => this.page.getByTestId("import-progress");
  rows = () => this.page.getByTestId("entry-row");
  row = (title: string) => this.rows().filter({ hasText: title });
  async bulk(action: "enable" | "disable") {
    await this.page.getByTestId("select-all").check();
    await this.page.getByTestId(`bulk-${action}`).click();
    await this.page.getByTestId("bulk-message").waitFor();
  }
}

describe("knowledge page in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;
  let other: Awaited<ReturnType<typeof makeTenant>>;
  const tag = crypto.randomBytes(3).toString("hex");
  const source = `kettles-${tag}.csv`;
  const rows = Array.from({ length: 150 }, (_, i) => `"Kettle ${tag} question ${i}, please?","Answer ${i}: descale monthly.",kettle`);
  const csv = `question,answer,tags\n${rows.join("\n")}\n`;

  before(async () => {
    [tenant, other] = [await makeTenant("kn-e2e"), await makeTenant("kn-e2e-other")];
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
    await kp.row(`Kettle ${tag} question 149, please?`).waitFor();
    assert.match((await page.getByTestId("entries-count").textContent()) ?? "", /151 entries/);
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

  test("filter by source, select all and bulk-disable", async () => {
    const kp = new KnowledgePage(page);
    await kp.open(`?source=${encodeURIComponent(source)}`);
    assert.equal(await kp.rows().count(), 150);
    await kp.bulk("disable");
    assert.equal(await page.getByTestId("bulk-message").textContent(), "Disabled 150 entries.");
    if (process.env.KEFU_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.KEFU_SCREENSHOT_DIR}/knowledge-bulk.png` });
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="entry-enabled"]')].every((e) => e.getAttribute("aria-checked") === "false"));
    const stored = await listEntries(tenant.tenant.id, { source, take: 1000 });
    assert.ok(stored.every((e) => !e.enabled));
    assert.equal((await listEntries(tenant.tenant.id, { enabled: true })).length, 1, "the entry outside the selection stays enabled");
    await kp.open("?enabled=false");
    assert.equal(await kp.rows().count(), 150);
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
    assert.match((await page.getByTestId("import-failed").textContent()) ?? "", /127\.0\.0\.1 is a private, loopback or link-local address/);
    if (process.env.KEFU_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.KEFU_SCREENSHOT_DIR}/knowledge-import.png` });
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
    assert.match((await page.getByTestId("kb-row").filter({ hasText: "FAQ" }).textContent()) ?? "", new RegExp(`used by ${tenant.bot.name}`));
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
