// A failure the server records in English (a background import) reaches a Chinese admin in Chinese, by its stable
// code; the English detail stays in the element's title. An English admin reads the server's exact message.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

async function importPrivateAddress(page: Page) {
  await page.goto(`${testEnv.url}/knowledge`);
  await page.getByTestId("import-open").click();
  await page.getByTestId("import-mode-url").check();
  await page.getByTestId("import-url").fill(`http://127.0.0.1:${new URL(testEnv.url).port}/api/health`);
  await page.getByTestId("import-submit").click();
  await page.locator('[data-testid="import-status"][data-status="failed"]').waitFor({ timeout: 20_000 });
  return page.getByTestId("import-failed");
}

describe("server failures in the console's language", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await disconnectDb();
  });

  test("a failed import reads in Chinese for a zh-CN admin and in English for an en admin", async () => {
    const fx = await makeTenant("console-errors");
    const zh = await browser.newContext({ locale: "zh-CN" });
    await zh.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
    const zhPage = await zh.newPage();
    await signIn(zhPage, fx.admin.email, fx.admin.password);
    const failed = await importPrivateAddress(zhPage);
    assert.equal(await failed.textContent(), "出于安全考虑，Kefu 不会抓取内网、本机回环或链路本地地址。");
    assert.equal(await failed.getAttribute("data-code"), "forbidden");
    assert.match(
      (await failed.getAttribute("title")) ?? "",
      /127\.0\.0\.1 is a private, loopback or link-local address/,
    );
    await zh.close();

    const en = await browser.newContext({ locale: "en-US" });
    const enPage = await en.newPage();
    await signIn(enPage, fx.admin.email, fx.admin.password);
    assert.match(
      (await (await importPrivateAddress(enPage)).textContent()) ?? "",
      /127\.0\.0\.1 is a private, loopback or link-local address/,
    );
    await en.close();
  });
});
