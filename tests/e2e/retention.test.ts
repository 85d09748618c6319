// Data retention in Chromium: the workspace's owner reads what the period does, is refused a bad value with the
// reason, saves a period, and finds the change on the Audit page; an admin has no way to the page.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { db, disconnectDb } from "../../lib/db/client";
import { addUserToTenant } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

test("an owner sets the retention period from the console; it is explained, checked, saved and audited", {
  timeout: 300_000,
}, async (t) => {
  const fx = await makeTenant("e2e-retention");
  const ownerEmail = `owner-${crypto.randomBytes(4).toString("hex")}@kefu.test`;
  await addUserToTenant(fx.tenant.id, { email: ownerEmail, name: "Owner", password: "owner-password", role: "owner" });
  const days = async () =>
    (await db().tenant.findUniqueOrThrow({ where: { id: fx.tenant.id }, select: { retentionDays: true } }))
      .retentionDays;

  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await disconnectDb();
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, ownerEmail, "owner-password");
  await page.getByTestId("nav-retention").click();
  await page.waitForURL(/\/settings\/retention$/);
  assert.match((await page.getByTestId("retention-current").textContent()) ?? "", /kept for ever/);
  assert.match(
    (await page.getByTestId("retention-explained").textContent()) ?? "",
    /open conversations/i,
    "what is never deleted is said",
  );

  for (const bad of ["-5", "2.5", "99999"]) {
    await page.getByTestId("retention-days").fill(bad);
    await page.getByTestId("retention-save").click();
    await page.getByTestId("retention-message").filter({ hasText: "whole number of days" }).waitFor();
  }
  assert.equal(await days(), 0, "nothing saved for a bad value");

  await page.getByTestId("retention-days").fill("365");
  await page.getByTestId("retention-save").click();
  await page.getByTestId("retention-message").filter({ hasText: "365 days" }).waitFor();
  assert.equal(await days(), 365);
  await page.reload();
  assert.match((await page.getByTestId("retention-current").textContent()) ?? "", /kept 365 days/);

  await page.getByTestId("nav-audit").click();
  await page.getByTestId("audit-row").first().waitFor();
  assert.equal(await page.getByTestId("audit-action").first().textContent(), "settings.retention");
  assert.equal(await page.getByTestId("audit-actor").first().textContent(), ownerEmail);

  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, fx.admin.email, fx.admin.password);
  assert.equal(await adminPage.getByTestId("nav-retention").count(), 0, "admins have no link to it");
  await adminPage.goto(`${testEnv.url}/settings/retention`);
  await adminPage.waitForURL(/\/forbidden/);
  assert.equal(await days(), 365);
});
