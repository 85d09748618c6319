// PDF and DOCX imports are read in a worker thread: while a large one is read the server keeps answering HTTP and
// new visitor sockets; a reader that runs past its time limit is stopped with an error saying so; a malformed PDF
// still gets its clear error. (On the server's own thread the same PDF held every request for seconds.)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { listEntries } from "../lib/knowledge";
import { parseFile, waitForImport } from "../lib/knowledge/import";
import { readDocumentOffThread } from "../lib/knowledge/import/off-thread";
import { bigDocx, bigTextPdf } from "./fixtures/big-pdf";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor } from "./helpers/sockets";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
let t: Fixture;

before(async () => {
  t = await makeTenant("imw");
});
after(() => disconnectDb());

function upload(name: string, bytes: Buffer) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${testEnv.url}/api/v1/knowledge/imports`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}` },
    body: form,
  });
}

/** Health checks and visitor socket handshakes, back to back, until `done` settles: the slowest of each. */
async function probeWhile(done: Promise<unknown>) {
  let finished = false;
  void done.finally(() => (finished = true));
  const http: number[] = [];
  const sockets: number[] = [];
  while (!finished) {
    let start = performance.now();
    assert.equal((await fetch(`${testEnv.url}/api/health`)).status, 200);
    http.push(performance.now() - start);
    start = performance.now();
    const { socket } = await connectVisitor({ key: t.bot.publicKey });
    sockets.push(performance.now() - start);
    socket.close();
  }
  return { http, sockets, maxHttp: Math.max(...http), maxSocket: Math.max(...sockets) };
}

for (const [format, make] of [
  ["pdf", async () => bigTextPdf(800, 20, "zebrakettle")],
  ["docx", () => bigDocx(300_000, "zebrakettle")],
] as const) {
  test(`while a large ${format.toUpperCase()} is read and imported, health checks and visitor sockets are answered at once`, async () => {
    const bytes = await make();
    const started = performance.now();
    const uploaded = upload(`manual.${format}`, bytes);
    const probe = await probeWhile(uploaded);
    const res = await uploaded;
    const took = performance.now() - started;
    assert.equal(res.status, 202, await res.clone().text());
    console.log(
      `[figure] ${format} ${(bytes.length / 1e6).toFixed(1)} MB read in ${Math.round(took)} ms; meanwhile ${probe.http.length} health checks (max ${Math.round(probe.maxHttp)} ms), ${probe.sockets.length} socket handshakes (max ${Math.round(probe.maxSocket)} ms)`,
    );
    assert.ok(took > 1000, `the read took long enough to matter (${Math.round(took)} ms)`);
    assert.ok(probe.http.length >= 5, `health was checked throughout (${probe.http.length} times)`);
    // on the server's thread the slowest check waited for the whole read (2–3 s); allow for a busy 2-core machine (an import writing rows meanwhile)
    assert.ok(probe.maxHttp < 1000, `slowest health check ${Math.round(probe.maxHttp)} ms`);
    assert.ok(probe.maxSocket < 1000, `slowest socket handshake ${Math.round(probe.maxSocket)} ms`);
    const job = (await res.json()).data ?? {};
    assert.ok(job.id, "an import job was started");
    assert.equal((await waitForImport(t.tenant.id, job.id, 60_000)).status, "done");
    const [entry] = await listEntries(t.tenant.id, { source: `manual.${format}`, q: "zebrakettle", take: 1 });
    assert.ok(entry, "the document's text was imported");
  });
}

test("a malformed PDF gets its clear error from the worker; a fake one too", async () => {
  const broken = Buffer.from(
    "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "latin1",
  );
  const res = await upload("broken.pdf", broken);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, /^The PDF could not be read \(.+\)$/);
  await assert.rejects(
    parseFile("fake.pdf", Buffer.from("just text")),
    /This file is not a PDF: it does not start with %PDF-/,
  );
  await assert.rejects(parseFile("fake.docx", Buffer.from("just text")), /This file is not a DOCX/);
});

test("a reader past its time limit is stopped: the caller gets an error naming the limit, and the next read works", async () => {
  const slow = bigTextPdf(800, 20);
  const started = performance.now();
  await assert.rejects(readDocumentOffThread("pdf", slow, "slow", 300), (err: Error & { code?: string }) => {
    assert.equal(err.code, "too_long");
    assert.match(
      err.message,
      /^Reading this PDF took longer than 300 ms, so it was stopped: split it into smaller files/,
    );
    return true;
  });
  assert.ok(performance.now() - started < 2000, "stopped at the limit, not when the read ended");
  const [item] = await readDocumentOffThread("pdf", bigTextPdf(2, 3), "small");
  assert.match(item.content, /Page 2 line 3/);
});
