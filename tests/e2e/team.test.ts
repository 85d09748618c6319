import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { addUserToTenant, authenticate } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
const email = (label: string) => `${label}-${crypto.randomBytes(4).toString("hex")}@kefu.test`;

/** Page object for /settings/team: tests say what they do, selectors live here. */
class TeamPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.goto(`${testEnv.url}/settings/team`);
  }
  row = (e: string) => this.page.locator(`[data-testid="member-row"][data-email="${e}"]`);
  status = (e: string) => this.row(e).getByTestId("member-status").getAttribute("data-status");
  async add(m: { email: string; name: string; role?: string; access: "link" | "password" }) {
    const form = this.page.getByTestId("member-add");
    await form.getByTestId("member-add-email").fill(m.email);
    await form.getByTestId("member-add-name").fill(m.name);
    await form.getByTestId("member-add-role").selectOption(m.role ?? "agent");
    await form.getByTestId(m.access === "link" ? "member-add-link" : "member-add-password").check();
    await form.getByTestId("member-add-submit").click();
    await this.page.getByTestId("one-time-secret").or(this.page.getByTestId("member-add-error")).waitFor();
  }
  secret = async (kind: "link" | "password") => (await this.page.getByTestId(`one-time-${kind}`).textContent())!.trim();
  async waitStatus(e: string, status: string) {
    await this.row(e).locator(`[data-testid="member-status"][data-status="${status}"]`).waitFor();
  }
}

async function zhContext(browser: Browser) {
  const ctx = await browser.newContext();
  await ctx.addCookies([{ name: "kefu-locale", value: "zh-CN", url: testEnv.url }]);
  return ctx;
}

describe("team and API keys pages in Chromium", () => {
  let browser: Browser;
  let a: Tenant;
  let b: Tenant;
  let ctx: BrowserContext;
  let page: Page;
  let team: TeamPage;
  const agentEmail = email("amy");

  before(async () => {
    [a, b] = [await makeTenant("team-e2e"), await makeTenant("team-e2e-b")];
    browser = await launchBrowser();
    ctx = await browser.newContext();
    page = await ctx.newPage();
    team = new TeamPage(page);
    await signIn(page, a.admin.email, a.admin.password);
  });
  after(async () => {
    await browser?.close();
    await disconnectDb();
  });

  test("an admin adds an agent with a one-time link; the agent sets a password there (in Chinese) and is signed in; the link works once", async () => {
    await page.getByTestId("nav-team").click();
    await page.waitForURL(/\/settings\/team$/);
    await team.add({ email: agentEmail, name: "Amy", access: "link" });
    const link = await team.secret("link");
    assert.match(link, /\/invite\/[\w-]{20,}$/);
    assert.equal(await team.status(agentEmail), "pending");

    const agentCtx = await zhContext(browser);
    const agent = await agentCtx.newPage();
    await agent.goto(link);
    assert.equal(await agent.getByTestId("invite-title").textContent(), `加入 Kefu 上的「${a.tenant.name}」`);
    await agent.getByTestId("invite-password").fill("amy-password-1");
    await agent.getByTestId("invite-password-again").fill("amy-password-2");
    await agent.getByTestId("invite-submit").click();
    assert.equal(await agent.getByTestId("invite-error").textContent(), "两次输入的密码不一致。");
    await agent.getByTestId("invite-password-again").fill("amy-password-1");
    await agent.getByTestId("invite-submit").click();
    await agent.waitForURL(/\/inbox/);
    assert.equal((await authenticate(agentEmail, "amy-password-1"))?.tenantId, a.tenant.id);

    await agent.goto(link);
    assert.match((await agent.getByTestId("invite-expired").textContent()) ?? "", /此链接已过期或已被使用/);
    await agentCtx.close();

    await team.open();
    assert.equal(await team.status(agentEmail), "active");
  });

  test("deactivating an agent ends their open inbox at once; reactivating and a reset password let them back in", async () => {
    const agentCtx = await browser.newContext();
    const agent = await agentCtx.newPage();
    await signIn(agent, agentEmail, "amy-password-1");
    await agent.getByTestId("nav-inbox").waitFor();

    await team.open();
    await team.row(agentEmail).getByTestId("member-deactivate").click();
    await team.row(agentEmail).getByTestId("member-deactivate-confirm").click();
    await team.waitStatus(agentEmail, "deactivated");
    // the open inbox's socket is closed by the server and the page goes to the sign-in form
    await agent.waitForURL(/\/login/, { timeout: 10_000 });
    const api = await agent.request.get(`${testEnv.url}/api/admin/canned`);
    assert.equal(api.status(), 401);

    await team.row(agentEmail).getByTestId("member-reactivate").click();
    await team.waitStatus(agentEmail, "active");
    await team.row(agentEmail).getByTestId("member-reset-password").click();
    await page.getByTestId("one-time-password").waitFor();
    const password = await team.secret("password");
    assert.equal(await authenticate(agentEmail, "amy-password-1"), undefined, "the old password no longer works");
    await signIn(agent, agentEmail, password);

    // a reset by link, opened in English: the open inbox ends, the link sets the new password
    await page.getByTestId("one-time-done").click();
    await team.row(agentEmail).getByTestId("member-reset-link").click();
    const link = await team.secret("link");
    await agent.waitForURL(/\/login/, { timeout: 10_000 });
    await agent.goto(link);
    assert.equal(await agent.getByTestId("invite-title").textContent(), "Choose a new password");
    await agent.getByTestId("invite-password").fill("amy-password-3");
    await agent.getByTestId("invite-password-again").fill("amy-password-3");
    await agent.getByTestId("invite-submit").click();
    await agent.waitForURL(/\/inbox/);
    assert.ok(await authenticate(agentEmail, "amy-password-3"));
    assert.equal(await authenticate(agentEmail, password), undefined);
    await agentCtx.close();
  });

  test("an agent's own limit of open conversations is set on the Team page", async () => {
    await team.open();
    const input = team.row(agentEmail).getByTestId("member-max-chats");
    await input.fill("2");
    await input.blur();
    await page.getByTestId("team-message").waitFor();
    const res = await page.request.get(`${testEnv.url}/api/admin/inbox/agents`);
    const agents = (await res.json()).agents as { email: string; maxChats: number }[];
    assert.equal(agents.find((x) => x.email === agentEmail)?.maxChats, 2);
  });

  test("a duplicate email and the last owner are refused with a clear message, and nothing changes", async () => {
    await team.open();
    await team.add({ email: agentEmail, name: "Amy again", access: "password" });
    assert.equal(
      await page.getByTestId("member-add-error").textContent(),
      "This email already has an account on this server.",
    );
    assert.equal(await page.locator('[data-testid="member-row"]').count(), 2);

    const ownerEmail = email("own");
    await addUserToTenant(b.tenant.id, { email: ownerEmail, name: "Olga", password: "olga-password", role: "owner" });
    const ownerCtx = await zhContext(browser);
    const owner = await ownerCtx.newPage();
    await signIn(owner, ownerEmail, "olga-password");
    const ownerTeam = new TeamPage(owner);
    await ownerTeam.open();
    assert.equal(await owner.locator("h1").textContent(), "团队成员");
    await ownerTeam.row(ownerEmail).getByTestId("member-role").selectOption("admin");
    assert.equal(
      await owner.getByTestId("team-error").textContent(),
      "这是工作空间最后一位所有者，请先将其他成员设为所有者。",
    );
    await owner.reload();
    assert.equal(await ownerTeam.row(ownerEmail).getByTestId("member-role").inputValue(), "owner");
    assert.equal(
      await ownerTeam.row(ownerEmail).getByTestId("member-deactivate").count(),
      0,
      "nobody deactivates themselves",
    );

    // tenant isolation on the page: B's owner sees B's people only
    assert.equal(await ownerTeam.row(a.admin.email).count(), 0);
    assert.equal(await ownerTeam.row(agentEmail).count(), 0);
    await ownerCtx.close();
  });

  test("API keys: create with a label (shown once), it works; revoke it and its next request answers 401", async () => {
    await page.getByTestId("nav-api-keys").click();
    await page.waitForURL(/\/settings\/api-keys$/);
    await page.getByTestId("apikey-label").fill("CRM sync");
    await page.getByTestId("apikey-create").click();
    const key = (await page.getByTestId("one-time-key").textContent())!.trim();
    assert.match(key, /^kefu_/);
    const row = page.locator('[data-testid="apikey-row"][data-label="CRM sync"]');
    await row.waitFor();
    assert.equal(await row.getByTestId("apikey-prefix").textContent(), `${key.slice(0, 9)}…`);
    assert.doesNotMatch((await page.locator("tbody").textContent()) ?? "", new RegExp(key));

    const v1 = (k: string) => fetch(`${testEnv.url}/api/v1/bots`, { headers: { authorization: `Bearer ${k}` } });
    assert.equal((await v1(key)).status, 200);
    await row.getByTestId("apikey-revoke").click();
    await row.getByTestId("apikey-revoke-confirm").click();
    await row.waitFor({ state: "detached" });
    assert.equal((await v1(key)).status, 401);
    assert.equal((await v1(a.apiKey)).status, 200, "the other key still works");

    // another tenant's admin does not see this tenant's keys
    const bCtx = await browser.newContext();
    const bPage = await bCtx.newPage();
    await signIn(bPage, b.admin.email, b.admin.password);
    await bPage.goto(`${testEnv.url}/settings/api-keys`);
    const labels = await bPage
      .locator('[data-testid="apikey-row"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-label")));
    assert.deepEqual(labels, ["tests"]);
    await bCtx.close();
  });

  test("an agent cannot open the Team or API keys pages", async () => {
    const agentCtx = await browser.newContext();
    const agent = await agentCtx.newPage();
    const e = email("agt");
    await addUserToTenant(a.tenant.id, { email: e, name: "Gus", password: "gus-password", role: "agent" });
    await signIn(agent, e, "gus-password");
    assert.equal(await agent.getByTestId("nav-team").count(), 0);
    for (const path of ["/settings/team", "/settings/api-keys"]) {
      await agent.goto(`${testEnv.url}${path}`);
      await agent.waitForURL(/\/forbidden/);
    }
    await agentCtx.close();
  });
});
