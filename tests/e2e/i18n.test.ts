// The console in Chromium with a Chinese browser and with an English one: every page reachable from the nav (read
// from the nav itself, so pages added later are walked too), the login and the forbidden page. A zh-CN page may
// show no English word outside a short list of brand and technical names; an en page no Chinese. Data shown from
// the database (entries, names, messages) is marked data-i18n-skip by the components and is not UI text.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import crypto from "node:crypto";
import { disconnectDb } from "../../lib/db/client";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { demoTenant } from "../helpers/fixtures";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "../helpers/sockets";

const ALLOWED = new Set(
  (
    "kefu api url csv gguf json pdf docx markdown token tokens prometheus lora kb mb gb ms authorization bearer " +
    "llama cpp node js faq sso id"
  ).split(" "),
);
const HAN = /[\u3400-\u9fff]/;

/** English words a reader would see, once emails, URLs, paths, file names and ENV_NAMES are taken out. */
export function englishWords(text: string): string[] {
  const s = text
    .replace(/\S+@\S+/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\S+\.(gguf|json|csv|md|txt|pdf|docx|js)\b/gi, " ")
    .replace(/\/[\w\-./]+/g, " ")
    .replace(/\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b/g, " ");
  return (s.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED.has(w.toLowerCase()));
}

/** Every visible text of the page (text nodes, the chosen option's text, placeholders), data excluded. */
// a string, not a function: the test runner's compiler would wrap a function's inner helpers in a `__name` the
// page does not have
const VISIBLE_TEXTS = `(() => {
  const skipped = (el) => el.closest('[data-i18n-skip],[translate="no"],script,style,noscript,template');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent && n.textContent.trim();
    const el = n.parentElement;
    if (!text || !el || skipped(el)) continue;
    const shown = el.closest("option") ? el.closest("select") : el;
    if (shown && shown.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) out.push(text);
  }
  for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
    if (!skipped(el) && el.checkVisibility()) out.push(el.getAttribute("placeholder") || "");
  }
  return out;
})()`;
const visibleTexts = (page: Page) => page.evaluate(VISIBLE_TEXTS) as Promise<string[]>;

async function settle(page: Page, path: string) {
  await page.goto(`${testEnv.url}${path}`);
  await page.waitForLoadState("load");
  await page.waitForTimeout(1500); // client components render what their sockets and fetches bring
}

async function signIn(page: Page) {
  await settle(page, "/login");
  await page.getByTestId("login-email").fill(testEnv.adminEmail);
  await page.getByTestId("login-password").fill(testEnv.adminPassword);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/inbox/);
}

const navLinks = (page: Page) =>
  page.$$eval('nav a[data-testid^="nav-"]', (as) => as.map((a) => a.getAttribute("href") ?? ""));

describe("the console in the browser's language", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await disconnectDb();
  });

  for (const locale of ["zh-CN", "en-US"] as const) {
    test(`${locale}: login, forbidden and every page of the nav show no text of the other language`, async (t) => {
      const context: BrowserContext = await browser.newContext({ locale });
      const page = await context.newPage();
      // next-intl logs a key it cannot find (and shows its raw name) as a console error
      const missing: string[] = [];
      page.on("console", (m) => {
        if (m.text().includes("MISSING_MESSAGE"))
          missing.push(`${new URL(page.url()).pathname}: ${m.text().split("\n")[0]}`);
      });
      const offending = (texts: string[]) =>
        locale === "zh-CN"
          ? texts.filter((s) => englishWords(s).length > 0).map((s) => `${s}  [${englishWords(s).join(", ")}]`)
          : texts.filter((s) => HAN.test(s));
      try {
        await settle(page, "/login");
        assert.equal(await page.locator("html").getAttribute("lang"), locale === "zh-CN" ? "zh-CN" : "en");
        await t.test("/login", async () => assert.deepEqual(offending(await visibleTexts(page)), []));
        await signIn(page);
        const links = await navLinks(page);
        assert.ok(links.length >= 7, `the admin's nav: ${links.join(" ")}`);
        for (const path of [...links, "/forbidden"]) {
          await t.test(path, async () => {
            await settle(page, path);
            assert.deepEqual(offending(await visibleTexts(page)), [], `untranslated text on ${path}`);
          });
        }
        // the inbox's views are buttons, not pages: the left messages and the closed ones (with the rating filter)
        for (const view of ["left", "closed"]) {
          await t.test(`/inbox: ${view} view`, async () => {
            await settle(page, "/inbox");
            await page.getByTestId(`inbox-view-${view}`).click();
            await page.waitForTimeout(1000);
            assert.deepEqual(offending(await visibleTexts(page)), [], `untranslated text in the inbox's ${view} view`);
          });
        }
        assert.deepEqual([...new Set(missing)], [], "texts missing from the message files");
      } finally {
        await context.close();
      }
    });
  }

  test("zh-CN: /demo explains itself and signs the pretend customer in and out in Chinese", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    try {
      await settle(page, "/demo");
      const about = page.getByTestId("demo-about");
      // the snippet is code and the shop around it is the pretend customer's own (English) site
      // data: Ada is the pretend customer's name, Demo Bot the demo bot's
      const data = new Set(["Ada", "Demo", "Bot"]);
      const english = async () => {
        const snippet = (await page.getByTestId("demo-snippet").textContent()) ?? "";
        return englishWords(((await about.textContent()) ?? "").replace(snippet, " ")).filter((w) => !data.has(w));
      };
      assert.deepEqual(await english(), []);
      await page.getByTestId("demo-sign-in").click();
      await page.getByTestId("demo-sign-out").waitFor();
      assert.deepEqual(await english(), []);
    } finally {
      await context.close();
    }
  });

  test("the language switch on the login page sticks: the console stays in the chosen language after signing in", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    try {
      await settle(page, "/login");
      assert.equal(await page.getByTestId("login-submit").textContent(), "Sign in");
      await page.getByTestId("language-switch").selectOption("zh-CN");
      await page.locator('[data-testid="login-submit"]:text-is("登录")').waitFor();
      await signIn(page);
      await page.locator('[data-testid="nav-inbox"]:text-is("收件箱")').waitFor();
      // another page, a new load: the cookie, not the browser's English, decides
      await settle(page, "/knowledge");
      assert.equal(await page.locator("h1").first().textContent(), "知识库");
      await page.getByTestId("language-switch").selectOption("en");
      await page.locator('h1:text-is("Knowledge")').waitFor();
    } finally {
      await context.close();
    }
  });

  test("a Chinese agent reads an English visitor's system line in Chinese; the visitor got it in English only", async () => {
    const { bot } = await demoTenant();
    const { socket } = await connectVisitor({ key: bot.publicKey, lang: "en" });
    const context = await browser.newContext({ locale: "zh-CN" });
    try {
      const line = waitFor<WireMessage>(socket, "message", (m) => m.role === "system", 60_000);
      await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: "Can I talk to a person?" });
      const { conversationId, text } = await line;
      // which line depends on whether an agent of the demo workspace is online (none, unless another test is)
      const zh: Record<string, string> = {
        "You asked for a person: an agent will join you shortly.": "您要求转接人工，客服马上为您服务。",
        "No agent is online right now. Please leave your email and a message below, and we will get back to you.":
          "当前没有客服在线，请在下方留下邮箱和留言，我们会尽快回复您。",
      };
      assert.ok(zh[text], text);
      const page = await context.newPage();
      await signIn(page);
      await page.locator(`[data-testid="inbox-conversation"][data-id="${conversationId}"]`).click();
      await page.locator(`[data-testid="inbox-message"][data-role="system"]:text-is("${zh[text]}")`).waitFor();
      assert.equal(await page.getByTestId("inbox-handoff-reason").textContent(), "转人工原因：访客要求转人工");
    } finally {
      socket.close();
      await context.close();
    }
  });
});
