import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { listEntries } from "../../lib/knowledge";
import { listOpenGaps, recordGap } from "../../lib/knowledge/gaps";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "../helpers/sockets";

class GapsPage {
  constructor(readonly page: Page) {}
  async open() {
    await this.page.goto(`${testEnv.url}/gaps`);
  }
  row = (question: string) => this.page.getByTestId("gap-row").filter({ hasText: question });
}

let browser: Browser;
let t: Awaited<ReturnType<typeof makeTenant>>;

async function askUnanswerable(key: string, question: string) {
  const { socket } = await connectVisitor({ key });
  const answer = waitFor<WireMessage>(socket, "message", (m) => m.role === "bot", 30_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: question });
  await answer;
  socket.close();
}

before(async () => {
  t = await makeTenant("gaps-e2e");
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await disconnectDb();
});

test("a question the bot could not answer is listed; 'Add an entry' pre-fills it, creates the entry, and the gap goes away", async () => {
  const tag = crypto.randomBytes(3).toString("hex");
  const question = `Do you ship zorblax crates ${tag} to Mars?`;
  const other = `Can I pay in moon rocks ${tag}?`;
  await askUnanswerable(t.bot.publicKey, question);
  await askUnanswerable(t.bot.publicKey, question);
  await askUnanswerable(t.bot.publicKey, other);

  const page = await (await browser.newContext()).newPage();
  await signIn(page, t.admin.email, t.admin.password);
  await page.getByTestId("nav-gaps").click();
  await page.waitForURL(/\/gaps$/);
  const gaps = new GapsPage(page);
  const row = gaps.row(question);
  assert.equal(await row.getByTestId("gap-count").textContent(), "2×");

  await row.getByTestId("gap-add-entry").click();
  assert.equal(await row.getByTestId("gap-entry-title").inputValue(), question);
  await row.getByTestId("gap-entry-save").click();
  assert.match((await row.getByTestId("gap-entry-error").textContent()) ?? "", /Answer: the content is empty/);
  await row.getByTestId("gap-entry-content").fill("Yes, zorblax crates ship to Mars in 7 years.");
  await row.getByTestId("gap-entry-save").click();
  await row.waitFor({ state: "detached" });

  const [entry] = await listEntries(t.tenant.id, { q: tag });
  assert.equal(entry?.title, question);
  assert.equal(entry?.content, "Yes, zorblax crates ship to Mars in 7 years.");
  assert.deepEqual(
    (await listOpenGaps(t.tenant.id)).map((g) => g.question),
    [other],
  );

  await gaps.row(other).getByTestId("gap-dismiss").click();
  await page.getByTestId("gaps-empty").waitFor();
  assert.deepEqual(await listOpenGaps(t.tenant.id), []);
});

test("another tenant's admin does not see these gaps", async () => {
  const b = await makeTenant("gaps-other");
  const secret = `zorblax secret ${crypto.randomBytes(3).toString("hex")}?`;
  await askUnanswerable(t.bot.publicKey, secret);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, b.admin.email, b.admin.password);
  await new GapsPage(page).open();
  await page.getByTestId("gaps-empty").waitFor();
  assert.equal(await page.getByText(secret).count(), 0);
});

test("sixty open gaps: the page counts them all and pages through them, the oldest on page 2; the JSON list pages the same", async () => {
  const m = await makeTenant("gaps-many");
  const tag = crypto.randomBytes(3).toString("hex");
  for (let i = 0; i < 60; i++)
    await recordGap(m.tenant.id, { botId: m.bot.id, question: `Unanswered ${tag} question ${i}?`, bestScore: 0.1 });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, m.admin.email, m.admin.password);
  await new GapsPage(page).open();
  assert.equal(await page.getByTestId("entries-count").textContent(), "60 open questions · showing 1–50");
  assert.equal(await page.getByTestId("gap-row").count(), 50);
  assert.equal(await page.getByText(`Unanswered ${tag} question 59?`).count(), 1, "the most recently asked first");
  await Promise.all([page.waitForURL(/\/gaps\?page=2$/), page.getByTestId("page-next").click()]);
  await page.getByText(`Unanswered ${tag} question 0?`).waitFor();
  assert.equal(await page.getByTestId("gap-row").count(), 10);
  assert.equal(await page.getByTestId("entries-count").textContent(), "60 open questions · showing 51–60");

  const cookie = await signInCookie(m.admin.email, m.admin.password);
  const json = await fetch(`${testEnv.url}/api/admin/gaps?page=2&pageSize=25`, { headers: { cookie } }).then((r) =>
    r.json(),
  );
  assert.deepEqual([json.total, json.page, json.pages, json.gaps.length], [60, 2, 3, 25]);
  const theirs = await fetch(`${testEnv.url}/api/admin/gaps`, {
    headers: { cookie: await signInCookie(t.admin.email, t.admin.password) },
  }).then((r) => r.json());
  assert.ok(
    !theirs.gaps.some((g: { question: string }) => g.question.includes(tag)),
    "another tenant's admin gets none of them",
  );
});
