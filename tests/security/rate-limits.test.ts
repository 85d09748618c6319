// Rate limits on a Kefu of the test's own with low limits (the suite's server runs with lax ones) and a trusted
// proxy, so each part can come from an address of its own through X-Forwarded-For.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { io, type Socket } from "socket.io-client";
import { db } from "../../lib/db/client";
import { makeTenant } from "../helpers/fixtures";
import { startKefu, type KefuProcess } from "../helpers/server-process";
import { launchBrowser } from "../helpers/browser";
import { WidgetPage } from "../helpers/widget-page";
import http from "node:http";
import { freePort } from "../helpers/server-process";

let kefu: KefuProcess;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;

before(async () => {
  [t, other] = await Promise.all([makeTenant("limits"), makeTenant("limits-b")]);
  kefu = await startKefu({
    env: {
      KEFU_TRUST_PROXY: "1",
      KEFU_LOGIN_FREE_FAILURES: "3",
      KEFU_LOGIN_FREE_FAILURES_PER_ADDRESS: "8",
      KEFU_LOGIN_MAX_DELAY_S: "3",
      KEFU_VISITOR_MESSAGES_PER_MINUTE: "5",
      KEFU_WIDGET_CONNECTIONS_PER_MINUTE: "10",
      KEFU_API_REQUESTS_PER_MINUTE: "10",
    },
  });
});

after(async () => {
  await kefu?.stop();
});

/** One sign-in as the login form makes it; answers next-auth's error (undefined when signed in). */
async function signInAttempt(email: string, password: string, address: string): Promise<string | undefined> {
  const csrf = await fetch(`${kefu.url}/api/auth/csrf`, { headers: { "x-forwarded-for": address } });
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${kefu.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": address },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  if (res.headers.getSetCookie().some((c) => c.includes("next-auth.session-token="))) return undefined;
  const { url } = (await res.json()) as { url: string };
  return new URL(url).searchParams.get("error") ?? "no error given";
}

test("login: 100 wrong passwords, then the right one is still refused with the wait; after the wait it works", async () => {
  const { email, password } = t.admin;
  for (let i = 0; i < 100; i++) {
    const err = await signInAttempt(email, `wrong-${i}`, `198.51.100.${i % 250}`); // spread over addresses: the account still counts
    assert.ok(err, "a wrong password was accepted");
  }
  const refused = await signInAttempt(email, password, "198.51.100.251");
  const seconds = Number(refused?.match(/^rate_limited:(\d+)$/)?.[1]);
  assert.ok(seconds >= 1 && seconds <= 3, `the right password right after 100 wrong ones: ${refused}`);
  await new Promise((r) => setTimeout(r, seconds * 1000 + 200));
  assert.equal(await signInAttempt(email, password, "198.51.100.251"), undefined, "the right password after the wait");
});

test("login: one address trying many accounts waits once past its free failures (8 here); other addresses do not", async () => {
  for (let i = 0; i < 9; i++)
    assert.equal(
      await signInAttempt(`nobody-${i}-${Date.now()}@kefu.test`, "guess", "203.0.113.5"),
      "CredentialsSignin",
    );
  assert.match(
    (await signInAttempt(other.admin.email, other.admin.password, "203.0.113.5")) ?? "",
    /^rate_limited:\d+$/,
  );
  assert.equal(await signInAttempt(other.admin.email, other.admin.password, "203.0.113.6"), undefined);
});

function visitorSocket(key: string, address: string, token?: string) {
  const socket = io(`${kefu.url}/visitor`, {
    auth: { key, token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { "x-forwarded-for": address },
  });
  return new Promise<{ socket: Socket; token: string }>((resolve, reject) => {
    socket.once("session", (s: { visitorToken: string }) => resolve({ socket, token: s.visitorToken }));
    socket.once("connect_error", (err: Error & { data?: unknown }) => (socket.close(), reject(err)));
  });
}

test("messages per visitor: past the limit a clear rate_limited ack with retryAfterMs, and nothing stored", async () => {
  const { socket } = await visitorSocket(t.bot.publicKey, "192.0.2.10");
  const send = (i: number) =>
    socket.timeout(15_000).emitWithAck("message", { clientId: `flood-${i}`, text: `flood ${i}` });
  const first = [];
  for (let i = 0; i < 5; i++) first.push(await send(i));
  assert.ok(
    first.every((a) => a.ok),
    JSON.stringify(first),
  );
  const flood = await Promise.all(Array.from({ length: 30 }, (_, i) => send(5 + i)));
  for (const ack of flood) {
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, "rate_limited");
    assert.ok(ack.error.retryAfterMs > 0 && ack.error.retryAfterMs <= 60_000, JSON.stringify(ack));
    assert.match(ack.error.message, /too quickly.*\d+ s/);
  }
  const stored = await db().message.count({
    where: { tenantId: t.tenant.id, conversationId: first[0].conversationId, role: "visitor" },
  });
  assert.equal(stored, 5);
  socket.close();
});

test("widget connections per address: past the limit the handshake is refused with rate_limited; another address connects", async () => {
  const sockets: Socket[] = [];
  for (let i = 0; i < 10; i++) sockets.push((await visitorSocket(other.bot.publicKey, "192.0.2.20")).socket);
  const refused = await visitorSocket(other.bot.publicKey, "192.0.2.20").then(
    (v) => (v.socket.close(), undefined),
    (err: Error & { data?: { code?: string; retryAfterMs?: number } }) => err.data,
  );
  assert.equal(refused?.code, "rate_limited");
  assert.ok((refused?.retryAfterMs ?? 0) > 0);
  const elsewhere = await visitorSocket(other.bot.publicKey, "192.0.2.21");
  for (const s of [...sockets, elsewhere.socket]) s.close();
});

test("REST per API key: past the limit 429 with Retry-After and a JSON error; another tenant's key is not affected", async () => {
  const get = (key: string) => fetch(`${kefu.url}/api/v1/bots`, { headers: { authorization: `Bearer ${key}` } });
  for (let i = 0; i < 10; i++) assert.equal((await get(t.apiKey)).status, 200);
  const limited = await get(t.apiKey);
  assert.equal(limited.status, 429);
  const retryAfter = Number(limited.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${limited.headers.get("retry-after")}`);
  const body = (await limited.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "rate_limited");
  assert.match(body.error.message, /try again in \d+ s/);
  assert.equal((await get(other.apiKey)).status, 200);
});

test("HSTS is sent when a trusted proxy says the request came over HTTPS", async () => {
  const https = await fetch(`${kefu.url}/login`, { headers: { "x-forwarded-proto": "https" } });
  assert.equal(https.headers.get("strict-transport-security"), "max-age=31536000");
  const plain = await fetch(`${kefu.url}/login`);
  assert.equal(plain.headers.get("strict-transport-security"), null);
});

test("the sign-in form says how long to wait, in English and in Chinese", async () => {
  const u = await makeTenant("limits-ui");
  const browser = await launchBrowser();
  try {
    const pages = await Promise.all(
      (["en-US", "zh-CN"] as const).map(async (locale) => {
        const page = await (await browser.newContext({ locale })).newPage();
        await page.goto(`${kefu.url}/login`);
        await page.getByTestId("login-email").fill(u.admin.email);
        await page.getByTestId("login-password").fill(u.admin.password);
        return page;
      }),
    );
    // wrong passwords until the account must wait the longest (3 s here), then the right one from both forms
    for (let i = 0; ; i++) {
      const err = await signInAttempt(u.admin.email, `wrong-${i}`, "198.18.0.1");
      const wait = Number(err?.match(/^rate_limited:(\d+)$/)?.[1] ?? 0);
      if (wait >= 3) break;
      if (wait) await new Promise((r) => setTimeout(r, wait * 1000 + 50));
    }
    await Promise.all(pages.map((p) => p.getByTestId("login-submit").click()));
    const [en, zh] = await Promise.all(
      pages.map(async (p) => (await p.getByTestId("login-error").textContent({ timeout: 10_000 })) ?? ""),
    );
    assert.match(en, /Too many failed sign-ins\. Wait \d s/);
    assert.match(zh, /登录失败次数过多，请等待 \d 秒/);
  } finally {
    await browser.close();
  }
});

test("the widget tells a visitor who sends too fast to wait, and keeps their text to send again", async () => {
  const u = await makeTenant("limits-widget");
  const port = await freePort();
  const shop = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><html><body><h1>Shop</h1><script src="${kefu.url}/widget.js" data-kefu-key="${u.bot.publicKey}" async></script></body></html>`,
    );
  });
  await new Promise<void>((r) => shop.listen(port, "127.0.0.1", r));
  const browser = await launchBrowser();
  try {
    const w = new WidgetPage(await (await browser.newContext({ locale: "en-US" })).newPage());
    await w.page.goto(`http://127.0.0.1:${port}/`);
    await w.open();
    for (let i = 1; i <= 5; i++) {
      await w.send(`question ${i}`);
      await w
        .stored("visitor")
        .nth(i - 1)
        .waitFor({ timeout: 15_000 });
    }
    await w.send("one too many");
    const error = w.chat().getByTestId("kefu-error");
    await error.filter({ hasText: /too quickly/ }).waitFor({ timeout: 15_000 });
    assert.match((await error.textContent()) ?? "", /You are sending messages too quickly\. Please wait \d+ s/);
    assert.equal(await w.input().inputValue(), "one too many");
    assert.equal(await w.messages("visitor").count(), 5, "the refused message is not shown as sent");
  } finally {
    await browser.close();
    await new Promise((r) => shop.close(r));
  }
});
