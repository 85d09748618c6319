// Point 3 of issue 12: request bodies are limited while they stream (413 before the server holds them), and a PDF
// bomb is read in a process whose memory the OS caps: refused with a clear error, the server's own memory flat.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { disconnectDb } from "../../lib/db/client";
import { bombPdf } from "../fixtures/bomb-pdf";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { signInCookie } from "../helpers/session";

let t: Awaited<ReturnType<typeof makeTenant>>;
let cookie: string;
before(async () => {
  t = await makeTenant("bounded");
  cookie = await signInCookie(t.admin.email, t.admin.password);
});
after(() => disconnectDb());

const serverRssMb = () => {
  const status = fs.readFileSync(`/proc/${process.env.KEFU_TEST_SERVER_PID}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
};

/** Samples the server's RSS every 50 ms while `work` runs: the highest value seen. */
async function peakRssWhile<T>(work: Promise<T>) {
  let peak = serverRssMb();
  const timer = setInterval(() => (peak = Math.max(peak, serverRssMb())), 50);
  try {
    return { result: await work, peak };
  } finally {
    clearInterval(timer);
  }
}

/** POSTs `totalMb` MB of body in 1 MB chunks (declared up front or chunked); resolves with the answer as soon as it comes. */
function post(pathname: string, headers: Record<string, string>, totalMb: number, declare: boolean) {
  const url = new URL(testEnv.url);
  return new Promise<{ status: number; body: any; ms: number; sentMb: number }>((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: "POST",
      path: pathname,
      headers: {
        "content-type": "application/json",
        ...headers,
        ...(declare ? { "content-length": String(totalMb * 1024 * 1024) } : {}),
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode!, body: JSON.parse(text), ms: Date.now() - started, sentMb: sent });
      });
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(1024 * 1024, " ");
    const pump = () => {
      while (sent < totalMb && !req.destroyed) {
        sent++;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

test("a 600 MB body is refused with 413 and a JSON error, quickly, without the server's memory growing", async () => {
  const rest = { authorization: `Bearer ${t.apiKey}` };
  const before = serverRssMb();
  for (const [pathname, headers, declare] of [
    ["/api/v1/knowledge/entries", rest, true],
    ["/api/v1/knowledge/entries", rest, false], // chunked: no length to check up front, counted as it streams
    ["/api/admin/canned", { cookie }, false],
    ["/api/v1/knowledge/imports", rest, false],
    ["/api/widget/config", {}, true],
  ] as const) {
    const { result, peak } = await peakRssWhile(post(pathname, headers, 600, declare));
    assert.equal(result.status, 413, `${pathname}: ${JSON.stringify(result.body)}`);
    assert.equal(result.body.error.code, "too_long");
    assert.match(result.body.error.message, /larger than (4|10) MB/);
    assert.ok(result.ms < 10_000, `${pathname} answered in ${result.ms} ms`);
    assert.ok(result.sentMb < 600, `${pathname}: refused before the whole body was sent (${result.sentMb} MB)`);
    assert.ok(peak - before < 100, `${pathname}: server RSS ${Math.round(before)} → peak ${Math.round(peak)} MB`);
    console.log(
      `[figure] 600 MB body to ${pathname} (${declare ? "Content-Length" : "chunked"}): 413 in ${result.ms} ms after ${result.sentMb} MB; server RSS ${Math.round(before)} → peak ${Math.round(peak)} MB`,
    );
  }
  // the routes' own limits still hold below the streaming bound
  const res = await fetch(`${testEnv.url}/api/v1/knowledge/entries`, {
    method: "POST",
    headers: { ...rest, "content-type": "application/json" },
    body: JSON.stringify({ title: "x", content: "y".repeat(1_100_000) }),
  });
  assert.equal(res.status, 413);
});

test("a PDF whose stream inflates to 2 GB is refused with a clear error; the server's memory stays flat", async () => {
  const cached = path.join(os.tmpdir(), "kefu-test-bomb-2048.pdf");
  if (!fs.existsSync(cached)) fs.writeFileSync(cached, await bombPdf(2048));
  const bytes = fs.readFileSync(cached);
  assert.ok(bytes.length < 10 * 1024 * 1024, "small enough to pass the upload limit");
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)]), "bomb.pdf");
  const before = serverRssMb();
  const { result: res, peak } = await peakRssWhile(
    fetch(`${testEnv.url}/api/v1/knowledge/imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.apiKey}` },
      body: form,
    }),
  );
  const body = await res.json();
  assert.equal(res.status, 413, JSON.stringify(body));
  assert.equal(body.error.code, "too_long");
  assert.match(body.error.message, /^This PDF needs more than \d+ MB of memory to read/);
  assert.ok(
    peak - before < 200,
    `server RSS ${Math.round(before)} → peak ${Math.round(peak)} MB (main: 209 MB → 6.4 GB)`,
  );
  console.log(
    `[figure] ${(bytes.length / 1e6).toFixed(1)} MB PDF bomb (2 GB inflated): refused; server RSS ${Math.round(before)} → peak ${Math.round(peak)} MB`,
  );
  // the next import still works
  const ok = new FormData();
  ok.set("file", new Blob(["# Opening hours\n\nWe open at nine."]), "hours.md");
  const again = await fetch(`${testEnv.url}/api/v1/knowledge/imports?wait=true`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}` },
    body: ok,
  });
  assert.equal(again.status, 200, await again.clone().text());
});
