// The Monitoring page's model health: a card per loaded model with this workspace's answers, latency and charts, in
// English and Chinese; another workspace sees the same model with none of these answers.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectVisitor, emitAck, waitFor } from "../helpers/sockets";

let browser: Browser;
before(async () => (browser = await launchBrowser()));
after(async () => {
  await browser?.close();
  await disconnectDb();
});

type Health = {
  models: {
    model: string;
    process: string;
    answers: number;
    firstTokenP50Ms: number | null;
    memoryBytes: number;
    history: { answers: number }[];
  }[];
};

async function health(
  cookie: string,
  query = "",
): Promise<{ status: number; body: Health & { error?: { code: string; message: string } } }> {
  const res = await fetch(`${testEnv.url}/api/admin/model-health${query}`, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
}

test("the Monitoring page shows a card per model with this workspace's answers, first token and charts", async () => {
  const a = await makeTenant("health-a");
  const b = await makeTenant("health-b");
  const { socket } = await connectVisitor({ key: a.bot.publicKey });
  const answered = waitFor(socket, "message", (m: { role: string }) => m.role === "bot", 30_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: a.entry.title });
  await answered;
  socket.close();

  const cookieA = await signInCookie(a.admin.email, a.admin.password);
  const mine = (await health(cookieA)).body.models.find((m) => m.model === "stories260K" && m.process === "chat")!;
  assert.equal(mine.answers, 1);
  assert.ok(mine.firstTokenP50Ms! > 0);
  assert.ok(mine.memoryBytes > 1_000_000, "the inference process's memory");
  assert.equal(
    mine.history.reduce((n, p) => n + p.answers, 0),
    1,
  );

  // tenant isolation: workspace B sees the model, not A's answers
  const cookieB = await signInCookie(b.admin.email, b.admin.password);
  const theirs = (await health(cookieB)).body.models.find((m) => m.model === "stories260K" && m.process === "chat")!;
  assert.equal(theirs.answers, 0);
  assert.equal(theirs.firstTokenP50Ms, null);

  const bad = await health(cookieA, "?hours=99");
  assert.equal(bad.status, 400);
  assert.match(bad.body.error!.message, /hours must be 1 to 24/);

  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, a.admin.email, a.admin.password);
  await page.goto(`${testEnv.url}/monitoring`);
  const card = page.getByTestId("model-card-stories260K").and(page.locator('[data-process="chat"]'));
  await card.getByTestId("model-ttft-p50").getByText("First token p50").waitFor();
  assert.equal(await card.getByTestId("model-answers").locator("dd").textContent(), "1");
  assert.match((await card.getByTestId("model-ttft-p50").locator("dd").textContent()) ?? "", /^\d+ ms$/);
  assert.ok((await card.locator("svg.recharts-surface").count()) >= 2, "the latency and load charts are drawn");
  await context.close();

  const zh = await browser.newContext({ locale: "zh-CN" });
  const zhPage = await zh.newPage();
  await signIn(zhPage, b.admin.email, b.admin.password);
  await zhPage.goto(`${testEnv.url}/monitoring`);
  const zhCard = zhPage.getByTestId("model-card-stories260K").and(zhPage.locator('[data-process="chat"]'));
  await zhCard.getByTestId("model-ttft-p50").getByText("首字延迟 P50").waitFor();
  assert.equal(await zhCard.getByTestId("model-answers").locator("dd").textContent(), "0");
  await zh.close();
});
