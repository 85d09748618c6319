// Personal data in Chromium: an admin exports a visitor's data from the inbox's visitor panel, then erases them
// behind a confirm dialog; the workspace's owner finds both on the Audit page and filters it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import { test } from "node:test";
import { appendMessage, createVisitor, openConversation } from "../../lib/conversations";
import { db, disconnectDb } from "../../lib/db/client";
import { addUserToTenant } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { makeTenant } from "../helpers/fixtures";

test("export and erase a visitor from the inbox; the owner sees both on the Audit page", {
  timeout: 300_000,
}, async (t) => {
  const fx = await makeTenant("e2e-privacy");
  const secret = `priv-${crypto.randomBytes(4).toString("hex")}`;
  const { id: visitorId } = await createVisitor(fx.tenant.id);
  await db().visitor.update({
    where: { id: visitorId },
    data: { name: `Wang ${secret}`, email: `${secret}@mail.test` },
  });
  const { conversation } = await openConversation(fx.tenant.id, fx.bot.id, visitorId);
  await appendMessage(fx.tenant.id, {
    conversationId: conversation.id,
    role: "visitor",
    text: `where is my parcel ${secret}`,
  });
  await db().conversation.update({ where: { id: conversation.id }, data: { status: "waiting" } });
  const ownerEmail = `owner-${secret}@kefu.test`;
  await addUserToTenant(fx.tenant.id, { email: ownerEmail, name: "Owner", password: "owner-password", role: "owner" });

  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await disconnectDb();
  });
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(page, fx.admin.email, fx.admin.password);
  await page.locator(`[data-testid="inbox-conversation"][data-id="${conversation.id}"]`).click();
  await page.getByTestId("visitor-name").filter({ hasText: secret }).waitFor();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("visitor-export").click()]);
  const exported = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  assert.equal(exported.profile.id, visitorId);
  assert.equal(exported.conversations[0].messages[0].text, `where is my parcel ${secret}`);

  await page.getByTestId("visitor-erase").click();
  await page.getByTestId("visitor-erase-dialog").waitFor();
  await page.getByTestId("visitor-erase-cancel").click();
  assert.equal(await db().visitor.count({ where: { id: visitorId } }), 1, "cancel erases nothing");
  await page.getByTestId("visitor-erase").click();
  await page.getByTestId("visitor-erase-confirm").click();
  await page.getByTestId("visitor-erase-dialog").waitFor({ state: "detached" });
  assert.equal(await db().visitor.count({ where: { id: visitorId } }), 0);
  assert.equal(
    await db().message.count({ where: { text: { contains: secret } } }),
    0,
    "the text is gone from the database",
  );

  const ownerPage = await (await browser.newContext()).newPage();
  await signIn(ownerPage, ownerEmail, "owner-password");
  await ownerPage.getByTestId("nav-audit").click();
  await ownerPage.getByTestId("audit-row").first().waitFor();
  const actions = await ownerPage.getByTestId("audit-action").allTextContents();
  assert.deepEqual(actions.slice(0, 2), ["visitor.erase", "visitor.export"], "newest first");
  assert.ok(!(await ownerPage.locator("tbody").textContent())?.includes(secret), "the audit page shows no erased data");
  await ownerPage.getByTestId("audit-filter-action").fill("visitor.export");
  await ownerPage.getByTestId("audit-filter-apply").click();
  await ownerPage.waitForURL(/action=visitor.export/);
  assert.deepEqual(await ownerPage.getByTestId("audit-action").allTextContents(), ["visitor.export"]);
  assert.deepEqual(await ownerPage.getByTestId("audit-actor").allTextContents(), [fx.admin.email]);
});
