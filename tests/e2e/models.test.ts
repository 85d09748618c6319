// The Models page in Chromium, read-only: the running server's models folder is the repository's models/, so this
// test looks and never clicks Download, Load, Set or Remove.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { addUserToTenant } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

class ModelsPage {
  constructor(readonly page: Page) {}
  loaded = () => this.page.getByTestId("loaded-model");
  loadedId = () => this.page.getByTestId("loaded-model-id");
  status = () => this.page.getByTestId("loaded-model-status");
  memory = () => this.page.getByTestId("loaded-model-memory");
  row = (file: string) => this.page.locator(`[data-testid="model-row"][data-file="${file}"]`);
}

describe("Models page in Chromium", () => {
  let browser: Browser;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;

  before(async () => {
    tenant = await makeTenant("models-e2e");
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await disconnectDb();
  });

  test("an admin finds it in the nav and sees the loaded test model, ready, with its memory", async () => {
    const page = await browser.newPage();
    await signIn(page, tenant.admin.email, tenant.admin.password);
    await page.getByTestId("nav-models").click();
    await page.waitForURL(/\/models$/);
    const models = new ModelsPage(page);
    await models.loaded().waitFor();
    assert.equal(await models.loadedId().textContent(), testEnv.modelId);
    await page.locator('[data-testid="loaded-model-status"]:text-is("ready")').waitFor({ timeout: 15_000 });
    assert.match((await models.memory().textContent()) ?? "", /\d+(\.\d+)? (kB|MB|GB)/);

    // the catalog is listed with a download button for a model that is not here; nothing starts until clicked
    const qwen = models.row("qwen2.5-0.5b-instruct-q4_k_m.gguf");
    await qwen.waitFor();
    assert.equal(await qwen.getByTestId("model-progress").count(), 0);
    assert.ok((await models.row(testEnv.modelFile).getByTestId("model-name").textContent())?.includes(testEnv.modelId));
    // the small multilingual embedding model is the one recommended (and, like every model, not downloaded unasked)
    const e5 = models.row("multilingual-e5-small-q4_0.gguf");
    assert.equal(await e5.getByTestId("model-recommended").count(), 1);
    assert.equal(await page.getByTestId("model-recommended").count(), 1, "only one model is recommended");
    assert.match((await e5.getByTestId("model-size").textContent()) ?? "", /73\.6 MB/);
    // a customer workspace's admin: the models are the server's, so the page says who manages them and acts on nothing
    assert.match((await page.getByTestId("models-read-only").textContent()) ?? "", /only admins of “Demo Shop”/);
    assert.equal(await qwen.getByTestId("model-download").isDisabled(), true);
    assert.equal(await page.getByTestId("model-unload").isDisabled(), true);

    // the embedding model (the test server embeds with the tiny model too) in its own section, with its memory
    const embedding = page.getByTestId("embedding-model");
    await embedding.waitFor();
    assert.equal(await page.getByTestId("embedding-model-file").textContent(), testEnv.modelFile);
    await page.locator('[data-testid="embedding-model-status"]:text-is("ready")').waitFor({ timeout: 15_000 });
    assert.match((await page.getByTestId("embedding-model-memory").textContent()) ?? "", /\d+(\.\d+)? (kB|MB|GB)/);
    // and the total of every loaded model: at least the chat and the embedding model, the same 1.2 MB file twice
    const total = (await page.getByTestId("model-total-memory").textContent())?.match(/([\d.]+) MB/);
    assert.ok(total && Number(total[1]) >= 2.3, `total ${total?.[0]}`);
    await page.close();
  });

  test("an agent has no Models link and is sent away from the page", async () => {
    const agent = await addUserToTenant(tenant.tenant.id, {
      email: `agent-${tenant.tenant.slug}@kefu.test`,
      name: "Agent",
      password: "agent-password",
      role: "agent",
    });
    const page = await browser.newPage();
    await signIn(page, agent.email, "agent-password");
    assert.equal(await page.getByTestId("nav-models").count(), 0);
    await page.goto(`${testEnv.url}/models`);
    await page.waitForURL(/\/forbidden$/);
    await page.close();
  });
});
