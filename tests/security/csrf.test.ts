// CSRF and clickjacking: a page on another port of the same host (same *site*, so SameSite=Lax cookies ride along)
// tries a text/plain form POST and a raw WebSocket to /agent with the admin's cookie, and frames the inbox.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { freePort } from "../helpers/server-process";
import { signInCookie } from "../helpers/session";

const kefu = testEnv.url.replace("//localhost:", "//127.0.0.1:");
let attacker: http.Server;
let attackerUrl = "";
let browser: Browser;
let context: BrowserContext;
let t: Awaited<ReturnType<typeof makeTenant>>;
let cookie = "";

const attackPage = (shortcut: string) => `<!doctype html><html><body>
<form id="f" method="POST" action="${kefu}/api/admin/canned" enctype="text/plain">
<input type="hidden" name='{"shortcut":"${shortcut}","text":"created by another site","x":"' value='"}'>
</form>
<script>
window.socketFrames = [];
const ws = new WebSocket(${JSON.stringify(kefu.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket")});
ws.onmessage = (e) => {
  window.socketFrames.push(String(e.data));
  if (String(e.data).startsWith("0{")) ws.send("40/agent,");
  if (String(e.data).startsWith("40/agent,")) ws.send('42/agent,1["conversations:list",{}]');
};
ws.onclose = () => window.socketFrames.push("closed");
</script></body></html>`;

before(async () => {
  t = await makeTenant("csrf");
  cookie = await signInCookie(t.admin.email, t.admin.password);
  const port = await freePort();
  attackerUrl = `http://127.0.0.1:${port}`;
  attacker = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", attackerUrl);
    res.writeHead(200, { "content-type": "text/html" });
    if (url.pathname === "/frame")
      res.end(`<!doctype html><iframe id="victim" src="${kefu}/inbox" width="800" height="600"></iframe>`);
    else res.end(attackPage(url.searchParams.get("shortcut") ?? "csrf"));
  });
  await new Promise<void>((r) => attacker.listen(port, "127.0.0.1", r));
  browser = await launchBrowser();
  context = await browser.newContext();
  // the admin is signed in to Kefu in this browser
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const i = pair.indexOf("=");
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: kefu, sameSite: "Lax" as const, httpOnly: true };
    }),
  );
});

after(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
});

async function cannedShortcuts() {
  const res = await fetch(`${testEnv.url}/api/admin/canned`, { headers: { cookie } });
  return ((await res.json()) as { canned: { shortcut: string }[] }).canned.map((c) => c.shortcut);
}

test("a text/plain form POST from another port of the same host creates nothing (refused for its Origin)", async () => {
  const page = await context.newPage();
  const refused = page.waitForResponse((r) => r.url() === `${kefu}/api/admin/canned`);
  await page.goto(`${attackerUrl}/?shortcut=csrfform`);
  await page.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit());
  const res = await refused;
  assert.equal(res.status(), 403);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, "cross_origin");
  assert.ok(!(await cannedShortcuts()).includes("csrfform"), "the canned reply was created by another site");
  await page.close();
});

test("a raw WebSocket to /agent from another port of the same host is refused at the handshake and reads nothing", async () => {
  const page = await context.newPage();
  await page.goto(`${attackerUrl}/?shortcut=unused`);
  await page.waitForFunction(
    () =>
      (window as unknown as { socketFrames: string[] }).socketFrames.some(
        (f) => f.startsWith("44/agent,") || f.startsWith("40/agent,"),
      ),
    null,
    { timeout: 15_000 },
  );
  await page.waitForTimeout(500);
  const frames = await page.evaluate(() => (window as unknown as { socketFrames: string[] }).socketFrames);
  const answer = frames.find((f) => f.startsWith("44/agent,") || f.startsWith("40/agent,"))!;
  assert.match(answer, /^44\/agent,.*cross_origin/, `the /agent namespace accepted the socket: ${frames.join(" | ")}`);
  assert.ok(!frames.some((f) => f.startsWith("43/agent,")), "the inbox was read");
  await page.close();
});

test("the same requests from Kefu's own pages and from non-browser clients still work", async () => {
  const own = await fetch(`${testEnv.url}/api/admin/canned`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: testEnv.url, "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ shortcut: "ownpage", text: "hello" }),
  });
  assert.equal(own.status, 201);
  assert.ok((await cannedShortcuts()).includes("ownpage"));
});

test("JSON APIs take JSON only: a text/plain or form body answers 415 with a JSON error, nothing is created", async () => {
  const plain = await fetch(`${testEnv.url}/api/admin/canned`, {
    method: "POST",
    headers: { cookie, "content-type": "text/plain" },
    body: JSON.stringify({ shortcut: "plainbody", text: "x" }),
  });
  assert.equal(plain.status, 415);
  const body = (await plain.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "unsupported_media_type");
  assert.match(body.error.message, /application\/json/);
  const form = await fetch(`${testEnv.url}/api/v1/knowledge/entries`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: "title=t&content=c",
  });
  assert.equal(form.status, 415);
  assert.ok(!(await cannedShortcuts()).includes("plainbody"));
});

test("admin pages cannot be framed by another site; every page sends CSP, nosniff and a Referrer-Policy", async () => {
  const page = await context.newPage();
  await page.goto(`${attackerUrl}/frame`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const framedInbox = frame
    ? await frame.evaluate(() => !!document.querySelector("main, nav")).catch(() => false)
    : false;
  assert.equal(framedInbox, false, "the inbox rendered inside another site's frame");
  await page.close();

  for (const path of ["/login", "/inbox", "/api/admin/canned"]) {
    const res = await fetch(`${testEnv.url}${path}`, { headers: { cookie }, redirect: "manual" });
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, `${path}: ${csp}`);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.ok(res.headers.get("referrer-policy"), path);
    assert.equal(res.headers.get("strict-transport-security"), null, `${path}: no HSTS over plain HTTP`);
  }
  const login = await fetch(`${testEnv.url}/login`);
  assert.match(login.headers.get("content-security-policy") ?? "", /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  // a forwarded "https" from a proxy that is not trusted (KEFU_TRUST_PROXY unset) does not turn HSTS on
  const forged = await fetch(`${testEnv.url}/login`, { headers: { "x-forwarded-proto": "https" } });
  assert.equal(forged.headers.get("strict-transport-security"), null);
});

test("the sign-in page still works under its CSP in Chromium (Next's scripts carry the nonce)", async () => {
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on(
    "console",
    (m) => m.type() === "error" && /Content Security Policy/i.test(m.text()) && blocked.push(m.text()),
  );
  await page.goto(`${testEnv.url}/login`);
  await page.getByTestId("login-email").fill(t.admin.email);
  await page.getByTestId("login-password").fill(t.admin.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/inbox/);
  assert.deepEqual(blocked, []);
  await page.close();
});
