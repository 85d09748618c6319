// The inbox's live parts in Chromium, with a visitor on a customer's site (another origin): a new waiting
// conversation raises a browser notification and a chime while the agent is in another tab; the visitor panel shows
// the browser and past conversations; the visitor's typing shows; take over and hand back to the bot; claim and
// transfer to a colleague; presence away and back — and another tenant's agent hears none of it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import type { Socket } from "socket.io-client";
import { db, disconnectDb } from "../../lib/db/client";
import { addUserToTenant } from "../../lib/tenants";
import { launchBrowser, signIn } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";
import { connectAgent, emitAck, waitFor } from "../helpers/sockets";
import { WidgetPage } from "../helpers/widget-page";

async function customerPage(key: string) {
  const html = `<!doctype html><html><head><title>Bike shop</title></head><body><h1>Bikes</h1>
<script src="${testEnv.url}/widget.js" data-kefu-key="${key}" async></script></body></html>`;
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/**
 * In the agent's page before any script: the tab is in the background, and notifications and chimes are recorded.
 * A string, not a function: the test runner's transpiler wraps named classes in a helper the browser lacks.
 */
const recordAlerts = `
  window.__notes = [];
  window.__chimes = 0;
  document.hasFocus = () => false; // the agent is looking at another tab
  const RealN = window.Notification;
  class Recorded extends RealN {
    constructor(title, options) {
      window.__notes.push({ title, body: options && options.body });
      super(title, options);
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => RealN.permission });
  Object.defineProperty(Recorded, "requestPermission", { value: RealN.requestPermission.bind(RealN) });
  window.Notification = Recorded;
  const RealA = window.AudioContext;
  window.AudioContext = class extends RealA {
    createOscillator() {
      const o = super.createOscillator();
      const start = o.start.bind(o);
      o.start = (when) => (window.__chimes++, start(when));
      return o;
    }
  };
`;

test("an agent lives in the inbox: alerts, visitor details, typing, take over and hand back, transfer, presence", {
  timeout: 300_000,
}, async (t) => {
  const fx = await makeTenant("e2e-live");
  const other = await makeTenant("e2e-live-other");
  await db().tenant.update({ where: { id: fx.tenant.id }, data: { routingMode: "queue" } });
  const marker = crypto.randomBytes(3).toString("hex");
  const bob = await addUserToTenant(fx.tenant.id, {
    email: `bob-${marker}@kefu.test`,
    name: `Bob ${marker}`,
    password: "agent-password",
    role: "agent",
  });
  const bobSocket = await connectAgent(await signInCookie(bob.email, "agent-password"));
  await emitAck(bobSocket, "presence:set", { status: "online" });
  const eve: Socket = await connectAgent(await signInCookie(other.admin.email, other.admin.password));
  const seenByEve: unknown[] = [];
  eve.onAny((event, payload) => seenByEve.push({ event, payload }));
  const shop = await customerPage(fx.bot.publicKey);
  const browser = await launchBrowser();
  t.after(async () => {
    bobSocket.close();
    eve.close();
    shop.server.close();
    await browser.close();
    await disconnectDb();
  });

  // an earlier visit of the same visitor, closed by Bob
  const visitorPage = await (await browser.newContext()).newPage();
  const widget = new WidgetPage(visitorPage);
  await visitorPage.goto(shop.url);
  await widget.open();
  const firstCreated = waitFor<{ id: string }>(bobSocket, "conversation");
  await widget.send(`First visit ${marker}: do you rent bikes?`);
  const firstId = (await firstCreated).id;
  await emitAck(bobSocket, "close", { conversationId: firstId });
  await widget.stored("system").filter({ hasText: "closed" }).waitFor();

  const agentContext = await browser.newContext();
  await agentContext.grantPermissions(["notifications"], { origin: testEnv.url });
  await agentContext.addInitScript({ content: recordAlerts });
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, fx.admin.email, fx.admin.password);
  await agentPage.goto(`${testEnv.url}/inbox`);
  await agentPage.getByTestId("inbox-connection").filter({ hasText: "live" }).waitFor();
  const alerts = () =>
    agentPage.evaluate(() => ({
      notes: (window as unknown as { __notes: { title: string; body?: string }[] }).__notes,
      chimes: (window as unknown as { __chimes: number }).__chimes,
    }));
  let conversationId = "";

  await t.test("a new waiting conversation: a browser notification and a chime", async () => {
    const created = waitFor<{ id: string }>(bobSocket, "conversation", (c) => c.id !== firstId);
    await widget.send(`My chain keeps falling off ${marker}`);
    conversationId = (await created).id;
    await widget.send("human");
    await agentPage.waitForFunction(() =>
      (window as unknown as { __notes: { title: string }[] }).__notes.some((n) => n.title === "A visitor is waiting"),
    );
    const { notes, chimes } = await alerts();
    assert.ok(chimes >= 1, "a chime was played");
    assert.ok(notes.filter((n) => n.title === "A visitor is waiting").length >= 1);
  });

  await t.test("the visitor panel: browser and past conversations; the visitor's typing shows", async () => {
    await agentPage.getByTestId("inbox-view-waiting").click();
    await agentPage.locator(`[data-testid="inbox-conversation"][data-id="${conversationId}"]`).click();
    await agentPage.locator('[data-testid="inbox-status"][data-status="waiting"]').waitFor();
    assert.match((await agentPage.getByTestId("visitor-browser").textContent()) ?? "", /Chrome on Linux/);
    await agentPage
      .getByTestId("visitor-past-conversation")
      .filter({ hasText: `First visit ${marker}` })
      .waitFor();
    await widget.input().pressSequentially("Are you th", { delay: 30 });
    await agentPage.getByTestId("inbox-visitor-typing").waitFor();
    await widget.input().fill("");
    await widget.send("Are you there?");
    await agentPage.getByTestId("inbox-visitor-typing").waitFor({ state: "hidden" });
  });

  await t.test("take over, then hand back to the bot: the visitor is told, and the bot answers again", async () => {
    await agentPage.getByTestId("inbox-takeover").click();
    await agentPage.locator('[data-testid="inbox-status"][data-status="agent"]').waitFor();
    await widget.chat().getByTestId("kefu-status").filter({ hasText: "An agent joined" }).waitFor();
    await agentPage.getByTestId("inbox-release").click();
    await agentPage.locator('[data-testid="inbox-status"][data-status="bot"]').waitFor();
    await widget.chat().getByTestId("kefu-status").waitFor({ state: "hidden" });
    assert.equal((await db().conversation.findUniqueOrThrow({ where: { id: conversationId } })).assigneeId, null);
    const botsBefore = await widget.stored("bot").count();
    await widget.send("How long does shipping take?");
    await widget.stored("bot").nth(botsBefore).waitFor({ timeout: 120_000 });
    await agentPage.locator('[data-testid="inbox-message"][data-role="bot"]:not([data-streaming])').last().waitFor();
  });

  await t.test("claim, then transfer to a colleague: the assignee follows and the colleague hears it", async () => {
    await agentPage.getByTestId("inbox-claim").click();
    await agentPage.getByTestId("inbox-assignee").filter({ hasText: "Assigned to you" }).waitFor();
    const toBob = waitFor<{ conversationId: string; assigneeId: string }>(
      bobSocket,
      "status",
      (p) => p.conversationId === conversationId && p.assigneeId === bob.id,
    );
    await agentPage.getByTestId("inbox-assign").selectOption(bob.id);
    await toBob;
    await agentPage
      .getByTestId("inbox-assignee")
      .filter({ hasText: `Assigned to Bob ${marker}` })
      .waitFor();
    assert.equal((await db().conversation.findUniqueOrThrow({ where: { id: conversationId } })).assigneeId, bob.id);
  });

  await t.test("presence: away shows to the team, and back online", async () => {
    const away = waitFor<{ userId: string; status: string }>(
      bobSocket,
      "presence",
      (p) => p.userId === fx.admin.id && p.status === "away",
    );
    await agentPage.getByTestId("inbox-presence").selectOption("away");
    await away;
    await agentPage
      .locator('[data-testid="inbox-team-member"][data-presence="away"]')
      .filter({ hasText: fx.admin.name })
      .waitFor();
    const back = waitFor<{ userId: string; status: string }>(
      bobSocket,
      "presence",
      (p) => p.userId === fx.admin.id && p.status === "online",
    );
    await agentPage.getByTestId("inbox-presence").selectOption("online");
    await back;
  });

  const seen = JSON.stringify(seenByEve);
  assert.ok(
    !seen.includes(conversationId) && !seen.includes(marker) && !seen.includes(fx.admin.id),
    "tenant B heard tenant A's inbox",
  );
});
