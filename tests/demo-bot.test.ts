import assert from "node:assert/strict";
import { after, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { demoTenant, makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";

// /demo?bot=<id>: the bot page's "try it on the demo page" shows that bot, looked up in the caller's own workspace;
// anyone else (another workspace, nobody signed in, an unknown id) gets the Demo Shop's own bot.
after(() => disconnectDb());

async function demoPage(query: string, cookie?: string) {
  const res = await fetch(`${testEnv.url}/demo${query}`, {
    headers: { "accept-language": "en", ...(cookie ? { cookie } : {}) },
  });
  assert.equal(res.status, 200);
  return res.text();
}

test("/demo?bot= embeds the caller's own bot; another workspace's caller, a visitor and a bad id get the demo bot", async () => {
  const [a, b] = [await makeTenant("demo-a"), await makeTenant("demo-b")];
  const { bot: demo } = await demoTenant();
  const [cookieA, cookieB] = [
    await signInCookie(a.admin.email, a.admin.password),
    await signInCookie(b.admin.email, b.admin.password),
  ];

  const own = await demoPage(`?bot=${a.bot.id}`, cookieA);
  assert.ok(own.includes(`data-kefu-key="${a.bot.publicKey}"`), "A's bot is embedded for A");
  assert.ok(!own.includes(demo.publicKey), "and the demo bot is not");

  for (const [label, html] of [
    ["B signed in", await demoPage(`?bot=${a.bot.id}`, cookieB)],
    ["nobody signed in", await demoPage(`?bot=${a.bot.id}`)],
    ["an unknown id", await demoPage("?bot=nope", cookieA)],
    ["no id", await demoPage("", cookieA)],
  ] as const) {
    assert.ok(!html.includes(a.bot.publicKey), `${label}: A's bot never shown`);
    assert.ok(html.includes(`data-kefu-key="${demo.publicKey}"`), `${label}: the demo bot`);
  }
});
