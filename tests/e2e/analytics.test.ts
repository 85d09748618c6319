import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { createVisitor } from "../../lib/conversations";
import { db, disconnectDb } from "../../lib/db/client";
import { addUserToTenant } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
let browser: Browser;
let a: Fixture;
let b: Fixture;

/** A closed conversation the bot answered alone, rated 5, on 2026-02-03. */
async function closedByBot(t: Fixture) {
  const visitor = await createVisitor(t.tenant.id);
  const at = new Date("2026-02-03T09:00:00Z");
  const conv = await db().conversation.create({
    data: {
      tenantId: t.tenant.id,
      botId: t.bot.id,
      visitorId: visitor.id,
      status: "closed",
      createdAt: at,
      updatedAt: at,
      closedAt: at,
      rating: 5,
      lastSeq: 2,
    },
  });
  await db().message.createMany({
    data: [
      {
        tenantId: t.tenant.id,
        conversationId: conv.id,
        botId: t.bot.id,
        seq: 1,
        role: "visitor",
        text: "hi",
        createdAt: at,
      },
      {
        tenantId: t.tenant.id,
        conversationId: conv.id,
        botId: t.bot.id,
        seq: 2,
        role: "bot",
        text: "hello",
        model: "tiny",
        answerKind: "model",
        tokens: 7,
        firstTokenMs: 100,
        durationMs: 800,
        createdAt: at,
      },
    ],
  });
}

before(async () => {
  a = await makeTenant("ana-e2e");
  b = await makeTenant("anb-e2e");
  await closedByBot(a);
  await closedByBot(b);
  await closedByBot(b);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await disconnectDb();
});

test("an admin opens Analytics from the nav, sees the charts of their own tenant and downloads the CSV", async () => {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(page, a.admin.email, a.admin.password);
  await page.getByTestId("nav-analytics").click();
  await page.waitForURL(/\/analytics$/);
  await page.getByTestId("analytics-from").fill("2026-02-01");
  await page.getByTestId("analytics-to").fill("2026-02-05");
  await page.getByTestId("analytics-apply").click();
  await page.waitForURL(/from=2026-02-01/);
  // one conversation: tenant B's two on the same day are not counted
  assert.equal(await page.getByTestId("analytics-total").textContent(), "1");
  assert.equal(await page.getByTestId("analytics-resolution").textContent(), "100%");
  await page.getByTestId("analytics-per-day").locator("svg.recharts-surface").first().waitFor();
  await page.getByTestId("analytics-usage").locator("svg.recharts-surface").first().waitFor();
  assert.match((await page.getByTestId("analytics-variants-table").textContent()) ?? "", /tiny/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("analytics-csv").click()]);
  assert.match(download.suggestedFilename(), /^kefu-analytics-2026-02-01-2026-02-06\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  assert.match(csv, /^section,key,metric,value\r\n/);
  assert.match(csv, /conversations_per_day,2026-02-03,conversations,1\r\n/);
  assert.match(csv, /outcomes,,botResolved,1\r\n/);
  assert.match(csv, /usage_per_model,tiny,tokens,7\r\n/);
});

test("the page speaks Chinese and names a bad range", async () => {
  const context = await browser.newContext();
  await context.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
  const page = await context.newPage();
  await signIn(page, a.admin.email, a.admin.password);
  await page.goto(`${testEnv.url}/analytics?from=2026-02-05&to=2026-02-01`);
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "数据分析");
  assert.match((await page.getByTestId("analytics-error").textContent()) ?? "", /from must be before to/);
});

test("a range with no data says 暂无数据 in place of each chart and in the A/B table, whose columns keep apart", async () => {
  const context = await browser.newContext();
  await context.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
  const page = await context.newPage();
  await signIn(page, a.admin.email, a.admin.password);
  await page.goto(`${testEnv.url}/analytics?from=2025-01-01&to=2025-01-05`);
  assert.equal(await page.getByTestId("analytics-total").textContent(), "0");
  for (const card of ["per-day", "outcomes", "csat", "usage", "gaps", "variants"]) {
    assert.equal(
      await page.getByTestId(`analytics-${card}`).getByTestId("analytics-no-data").textContent(),
      "暂无数据",
      card,
    );
  }
  assert.equal(await page.getByTestId("analytics-per-day").locator("svg.recharts-surface").count(), 0, "no bare axes");
  const gaps = await page
    .getByTestId("analytics-variants-table")
    .locator("th")
    .evaluateAll((ths) => ths.map((th) => Number.parseFloat(getComputedStyle(th).paddingRight)));
  assert.ok(gaps.length === 7 && gaps.every((g) => g > 0), `header cells spaced: ${gaps}`);
  await context.close();
});

test("an agent who is not an admin has no Analytics link, page or CSV", async () => {
  const agent = await addUserToTenant(a.tenant.id, {
    email: `agent-${a.tenant.slug}@kefu.test`,
    name: "Agent",
    password: "password-agent-1",
    role: "agent",
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, agent.email, "password-agent-1");
  assert.equal(await page.getByTestId("nav-analytics").count(), 0);
  await page.goto(`${testEnv.url}/analytics`);
  await page.waitForURL(/\/forbidden/);
  const res = await page.request.get(`${testEnv.url}/api/admin/analytics/csv?from=2026-02-01&to=2026-02-05`);
  assert.equal(res.status(), 403);
});
