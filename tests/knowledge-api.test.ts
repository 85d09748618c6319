// REST /api/v1/knowledge/* with API keys and the admin knowledge routes: imports (files, JSON, URL), re-imports
// that update instead of duplicating, entries, bulk changes, knowledge bases — and tenant B's key never reaching
// tenant A's knowledge.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { createEntry, listEntries } from "../lib/knowledge";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;

async function call(
  path: string,
  opts: { key?: string; cookie?: string; method?: string; json?: unknown; form?: FormData } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${testEnv.url}${path}`, {
    method: opts.method ?? (opts.json !== undefined || opts.form ? "POST" : "GET"),
    headers,
    body: opts.form ?? (opts.json !== undefined ? JSON.stringify(opts.json) : undefined),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const file = (name: string, content: string | Buffer, extra: Record<string, string> = {}) => {
  const form = new FormData();
  form.set("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
};
const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe("knowledge REST API and imports", () => {
  let a: Fixture;
  let b: Fixture;
  const secret = `wombat${Date.now().toString(36)}`;

  before(async () => {
    a = await makeTenant("kna");
    b = await makeTenant("knb");
    await createEntry(a.tenant.id, {
      knowledgeBaseId: a.kb.id,
      title: `What is the ${secret} plan?`,
      content: `The ${secret} plan is tenant A's secret.`,
      tags: ["secret"],
    });
  });
  after(() => disconnectDb());

  test("a CSV upload imports rows as FAQ entries; importing it again updates, never duplicates, and drops removed rows", async () => {
    const v1 =
      'question,answer,tags\nHow long does delivery take?,Two days.,shipping\nCan I pay by card?,"Yes, Visa and UnionPay.",payment\nDo you gift wrap?,No.,\n';
    const first = await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, form: file("faq.csv", v1) });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.deepEqual(
      pick(first.json.data, ["status", "format", "source", "total", "done", "created", "updated", "error"]),
      {
        status: "done",
        format: "csv",
        source: "faq.csv",
        total: 3,
        done: 3,
        created: 3,
        updated: 0,
        error: null,
      },
    );
    const listed = await call(`/api/v1/knowledge/entries?source=faq.csv`, { key: a.apiKey });
    assert.equal(listed.json.data.length, 3);
    assert.ok(
      listed.json.data.every(
        (e: { kind: string; source: string; knowledgeBaseId: string }) =>
          e.kind === "faq" && e.knowledgeBaseId === a.kb.id,
      ),
    );
    const card = listed.json.data.find((e: { title: string }) => e.title === "Can I pay by card?");
    assert.equal(card.content, "Yes, Visa and UnionPay.");

    // row 2 changes its answer, row 3 is gone, a new row comes
    const v2 =
      'question,answer,tags\nHow long does delivery take?,Two days.,shipping\nCan I pay by card?,"Yes, Visa, Mastercard and UnionPay.",payment\nDo you ship abroad?,To 30 countries.,shipping\n';
    const second = await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, form: file("faq.csv", v2) });
    assert.deepEqual(pick(second.json.data, ["status", "total", "created", "updated"]), {
      status: "done",
      total: 3,
      created: 1,
      updated: 1,
    });
    const after2 = (await call(`/api/v1/knowledge/entries?source=faq.csv`, { key: a.apiKey })).json.data;
    assert.deepEqual(after2.map((e: { title: string }) => e.title).sort(), [
      "Can I pay by card?",
      "Do you ship abroad?",
      "How long does delivery take?",
    ]);
    const card2 = after2.find((e: { title: string }) => e.title === "Can I pay by card?");
    assert.equal(card2.id, card.id, "the same entry was updated");
    assert.equal(card2.content, "Yes, Visa, Mastercard and UnionPay.");
    // the import is searchable at once
    const hits = await call("/api/v1/knowledge/search", { key: a.apiKey, json: { query: "ship abroad countries" } });
    assert.equal(hits.json.data[0].title, "Do you ship abroad?");
  });

  test("a long document is chunked; re-importing a shorter version deletes the chunks that disappeared", async () => {
    const para = (n: number) =>
      Array.from({ length: 25 }, (_, i) => `Part ${n} sentence ${i} about descaling the kettle.`).join(" ");
    const long = `# Care guide\n\n${[1, 2, 3, 4].map(para).join("\n\n")}\n\n# Safety\n\nNever fill above the line.`;
    const first = await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, form: file("care.md", long) });
    assert.equal(first.json.data.status, "done");
    const chunks = (await call(`/api/v1/knowledge/entries?source=care.md`, { key: a.apiKey })).json.data;
    assert.ok(chunks.length >= 4, `${chunks.length} chunks`);
    assert.ok(chunks.every((e: { kind: string }) => e.kind === "doc"));
    const short = `# Care guide\n\n${para(1)}\n\n# Safety\n\nNever fill above the line.`;
    const second = await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, form: file("care.md", short) });
    assert.equal(second.json.data.status, "done");
    const left = (await call(`/api/v1/knowledge/entries?source=care.md`, { key: a.apiKey })).json.data;
    assert.ok(left.length < chunks.length, `${left.length} < ${chunks.length}`);
    assert.ok(left.some((e: { title: string }) => e.title === "Safety"));
    assert.ok(!left.some((e: { content: string }) => e.content.includes("Part 4")), "the removed part is gone");
  });

  test("PDF, DOCX and JSON uploads import; a scan, a fake PDF, a malformed CSV and a too big file are refused clearly", async () => {
    const pdf = await call("/api/v1/knowledge/imports?wait=true", {
      key: a.apiKey,
      form: file("shipping.pdf", fixture("text.pdf")),
    });
    assert.equal(pdf.json.data.status, "done", JSON.stringify(pdf.json));
    const pdfEntry = (await call(`/api/v1/knowledge/entries?source=shipping.pdf`, { key: a.apiKey })).json.data[0];
    assert.match(pdfEntry.content, /Mainland \| SF Express \| 2-3/);
    const docx = await call("/api/v1/knowledge/imports?wait=true", {
      key: a.apiKey,
      form: file("warranty.docx", fixture("table.docx")),
    });
    assert.equal(docx.json.data.created, 2);
    const json = await call("/api/v1/knowledge/imports?wait=true", {
      key: a.apiKey,
      form: file("more.json", JSON.stringify([{ title: "Opening hours?", content: "9 to 6." }])),
    });
    assert.equal(json.json.data.created, 1);

    const scan = await call("/api/v1/knowledge/imports", {
      key: a.apiKey,
      form: file("scan.pdf", fixture("scan.pdf")),
    });
    assert.equal(scan.status, 400);
    assert.match(scan.json.error.message, /this PDF has no text layer \(is it a scan\?\)/i);
    const fake = await call("/api/v1/knowledge/imports", {
      key: a.apiKey,
      form: file("manual.pdf", "question,answer\nQ,A\n"),
    });
    assert.equal(fake.status, 400);
    assert.match(fake.json.error.message, /not a PDF/);
    const bad = await call("/api/v1/knowledge/imports", {
      key: a.apiKey,
      form: file("bad.csv", "question,answer\nQ1,A1\nQ2,\n"),
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.message, "line 3: the answer column is empty");
    const big = await call("/api/v1/knowledge/imports", {
      key: a.apiKey,
      form: file("big.txt", Buffer.alloc(10 * 1024 * 1024 + 1, 0x61)),
    });
    assert.equal(big.status, 413);
    assert.match(big.json.error.message, /10 MB/);
    assert.equal((await call(`/api/v1/knowledge/entries?source=bad.csv`, { key: a.apiKey })).json.data.length, 0);
  });

  test("JSON entries import with keys; a URL to a private address fails the job, saying why", async () => {
    const body = {
      source: "crm",
      entries: [
        { key: "hours", title: "Hours?", content: "9 to 6." },
        { key: "phone", title: "Phone?", content: "400-123." },
      ],
    };
    const first = await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, json: body });
    assert.deepEqual(pick(first.json.data, ["status", "created"]), { status: "done", created: 2 });
    const renamed = { source: "crm", entries: [{ key: "hours", title: "Opening hours?", content: "9 to 7." }] };
    const second = await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, json: renamed });
    assert.deepEqual(pick(second.json.data, ["created", "updated"]), { created: 0, updated: 1 });
    assert.equal(
      (await call(`/api/v1/knowledge/entries?source=crm`, { key: a.apiKey })).json.data.length,
      2,
      "without replace, others stay",
    );
    const invalid = await call("/api/v1/knowledge/imports", { key: a.apiKey, json: { entries: [{ title: "x" }] } });
    assert.equal(invalid.status, 400);
    assert.match(invalid.json.error.message, /entries\.0\.content/);

    const port = new URL(testEnv.url).port;
    for (const url of [
      `http://127.0.0.1:${port}/api/health`,
      `http://localhost:${port}/`,
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      const job = await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, json: { url } });
      assert.equal(job.json.data.status, "failed", url);
      assert.match(job.json.data.error, /private, loopback or link-local address/);
    }
    const ftp = await call("/api/v1/knowledge/imports", { key: a.apiKey, json: { url: "ftp://example.com/a" } });
    assert.equal(ftp.status, 400);
  });

  test("entries: get, patch, delete, filters, pagination and bulk changes", async () => {
    const created = await call("/api/v1/knowledge/entries", {
      key: a.apiKey,
      json: { title: "Loyalty points?", content: "1 point per yuan.", tags: ["loyalty"] },
    });
    const id = created.json.data.id;
    assert.equal((await call(`/api/v1/knowledge/entries/${id}`, { key: a.apiKey })).json.data.title, "Loyalty points?");
    const patched = await call(`/api/v1/knowledge/entries/${id}`, {
      key: a.apiKey,
      method: "PATCH",
      json: { enabled: false },
    });
    assert.deepEqual(pick(patched.json.data, ["title", "content", "enabled"]), {
      title: "Loyalty points?",
      content: "1 point per yuan.",
      enabled: false,
    });
    const disabled = (await call(`/api/v1/knowledge/entries?enabled=false&tag=loyalty`, { key: a.apiKey })).json.data;
    assert.deepEqual(
      disabled.map((e: { id: string }) => e.id),
      [id],
    );
    const page1 = (await call(`/api/v1/knowledge/entries?limit=2`, { key: a.apiKey })).json.data;
    const page2 = (await call(`/api/v1/knowledge/entries?limit=2&offset=2`, { key: a.apiKey })).json.data;
    assert.equal(page1.length, 2);
    assert.ok(
      !page2.some((e: { id: string }) => page1.some((p: { id: string }) => p.id === e.id)),
      "pages do not overlap",
    );

    const csvIds = (await call(`/api/v1/knowledge/entries?source=faq.csv`, { key: a.apiKey })).json.data.map(
      (e: { id: string }) => e.id,
    );
    const bulk = await call("/api/v1/knowledge/entries/bulk", {
      key: a.apiKey,
      json: { ids: csvIds, action: "disable" },
    });
    assert.equal(bulk.json.data.count, csvIds.length);
    assert.equal(
      (await call(`/api/v1/knowledge/entries?source=faq.csv&enabled=true`, { key: a.apiKey })).json.data.length,
      0,
    );
    const search = await call("/api/v1/knowledge/search", { key: a.apiKey, json: { query: "ship abroad countries" } });
    assert.ok(
      !search.json.data.some((h: { title: string }) => h.title === "Do you ship abroad?"),
      "disabled entries are not found",
    );
    // a re-import keeps an admin's disabling
    const v2 =
      'question,answer,tags\nHow long does delivery take?,Two days.,shipping\nCan I pay by card?,"Yes, Visa, Mastercard and UnionPay.",payment\nDo you ship abroad?,To 31 countries.,shipping\n';
    await call("/api/v1/knowledge/imports?wait=true", { key: a.apiKey, form: file("faq.csv", v2) });
    assert.equal(
      (await call(`/api/v1/knowledge/entries?source=faq.csv&enabled=true`, { key: a.apiKey })).json.data.length,
      0,
    );
    await call("/api/v1/knowledge/entries/bulk", { key: a.apiKey, json: { ids: csvIds, action: "enable" } });

    assert.equal((await call(`/api/v1/knowledge/entries/${id}`, { key: a.apiKey, method: "DELETE" })).status, 204);
    assert.equal((await call(`/api/v1/knowledge/entries/${id}`, { key: a.apiKey })).status, 404);
  });

  test("knowledge bases: list with counts and bots, create, a taken name is a 409", async () => {
    const created = await call("/api/v1/knowledge/bases", { key: a.apiKey, json: { name: "Returns" } });
    assert.equal(created.status, 201);
    assert.equal((await call("/api/v1/knowledge/bases", { key: a.apiKey, json: { name: "returns" } })).status, 409);
    const into = await call("/api/v1/knowledge/imports?wait=true", {
      key: a.apiKey,
      form: file("returns.csv", "Return window?,30 days\n", { knowledgeBaseId: created.json.data.id }),
    });
    assert.equal(into.json.data.knowledgeBaseId, created.json.data.id);
    const bases = (await call("/api/v1/knowledge/bases", { key: a.apiKey })).json.data;
    const faq = bases.find((k: { id: string }) => k.id === a.kb.id);
    assert.deepEqual(faq.bots, [{ id: a.bot.id, name: a.bot.name }]);
    assert.equal(bases.find((k: { name: string }) => k.name === "Returns").entryCount, 1);
  });

  test("a 5000-row CSV imports in the background with progress; a job left running by a dead server reads as failed", async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `"Bulk question ${i}?","Bulk answer ${i}, with a comma.",bulk`,
    ).join("\n");
    const started = Date.now();
    const res = await call("/api/v1/knowledge/imports", {
      key: a.apiKey,
      form: file("bulk.csv", `question,answer,tags\n${rows}\n`),
    });
    assert.equal(res.status, 202);
    const answeredMs = Date.now() - started;
    const seen = new Set<number>();
    let job = res.json.data;
    while (job.status === "running") {
      seen.add(job.done);
      await new Promise((r) => setTimeout(r, 50));
      job = (await call(`/api/v1/knowledge/imports/${job.id}`, { key: a.apiKey })).json.data;
    }
    const totalMs = Date.now() - started;
    console.log(
      `[figure] 5000-row CSV: 202 after ${answeredMs} ms, done after ${totalMs} ms; progress values seen: ${seen.size}`,
    );
    assert.deepEqual(pick(job, ["status", "total", "done", "created"]), {
      status: "done",
      total: 5000,
      done: 5000,
      created: 5000,
    });
    assert.ok(totalMs < 60_000);
    assert.equal(await db().knowledgeEntry.count({ where: { tenantId: a.tenant.id, source: "bulk.csv" } }), 5000);
    await call("/api/v1/knowledge/imports?wait=true", {
      key: a.apiKey,
      form: file("bulk.csv", "question,answer\nOnly one left?,Yes\n"),
    });
    assert.equal(await db().knowledgeEntry.count({ where: { tenantId: a.tenant.id, source: "bulk.csv" } }), 1);

    const stale = await db().importJob.create({
      data: {
        tenantId: a.tenant.id,
        knowledgeBaseId: a.kb.id,
        source: "old.csv",
        format: "csv",
        createdAt: new Date(Date.now() - 60 * 60_000),
      },
    });
    const read = (await call(`/api/v1/knowledge/imports/${stale.id}`, { key: a.apiKey })).json.data;
    assert.equal(read.status, "failed");
    assert.match(read.error, /interrupted/);
  });

  test("tenant B's key cannot list, read, update, delete, search or import into tenant A's knowledge", async () => {
    const [aEntry] = await listEntries(a.tenant.id, { q: secret });
    assert.ok(aEntry);
    const asB = { key: b.apiKey };
    assert.equal((await call(`/api/v1/knowledge/entries/${aEntry.id}`, asB)).status, 404);
    assert.equal(
      (await call(`/api/v1/knowledge/entries/${aEntry.id}`, { ...asB, method: "PATCH", json: { content: "stolen" } }))
        .status,
      404,
    );
    assert.equal((await call(`/api/v1/knowledge/entries/${aEntry.id}`, { ...asB, method: "DELETE" })).status, 404);
    assert.equal(
      (await call(`/api/v1/knowledge/entries/bulk`, { ...asB, json: { ids: [aEntry.id], action: "delete" } })).json.data
        .count,
      0,
    );
    const byFilter = await call(`/api/v1/knowledge/entries/bulk`, {
      ...asB,
      json: { filter: { q: secret, knowledgeBaseId: a.kb.id }, action: "delete" },
    });
    assert.equal(byFilter.json.data.count, 0, "a filter naming A's words and knowledge base reaches nothing of A's");
    assert.equal((await call(`/api/v1/knowledge/entries?q=${secret}`, asB)).json.data.length, 0);
    assert.equal((await call(`/api/v1/knowledge/entries?knowledgeBaseId=${a.kb.id}`, asB)).json.data.length, 0);
    assert.equal((await call(`/api/v1/knowledge/entries?source=faq.csv`, asB)).json.data.length, 0);
    const search = await call("/api/v1/knowledge/search", {
      ...asB,
      json: { query: `${secret} plan`, knowledgeBaseIds: [a.kb.id] },
    });
    assert.deepEqual(search.json.data, []);
    const intoA = await call("/api/v1/knowledge/imports", {
      ...asB,
      form: file("x.csv", "Q?,A\n", { knowledgeBaseId: a.kb.id }),
    });
    assert.equal(intoA.status, 404);
    const jsonIntoA = await call("/api/v1/knowledge/imports", {
      ...asB,
      json: { knowledgeBaseId: a.kb.id, entries: [{ title: "Q?", content: "A" }] },
    });
    assert.equal(jsonIntoA.status, 404);
    const aJobs = await call("/api/v1/knowledge/imports?wait=true", {
      key: a.apiKey,
      form: file("jobcheck.csv", "Q?,A\n"),
    });
    assert.equal((await call(`/api/v1/knowledge/imports/${aJobs.json.data.id}`, asB)).status, 404);
    assert.ok(!(await call("/api/v1/knowledge/bases", asB)).json.data.some((k: { id: string }) => k.id === a.kb.id));

    const still = await listEntries(a.tenant.id, { q: secret });
    assert.equal(still[0].content, aEntry.content);
    assert.equal(
      (await listEntries(a.tenant.id, { knowledgeBaseId: a.kb.id, q: "Q?" })).length,
      1,
      "only A's own jobcheck row",
    );
  });

  test("admin knowledge routes need a signed-in admin: 401 without a session, 403 for an agent", async () => {
    const email = `agent-${Date.now().toString(36)}@kefu.test`;
    await addUserToTenant(a.tenant.id, { email, name: "Agent", password: "agent-password-1", role: "agent" });
    const agent = await signInCookie(email, "agent-password-1");
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/admin/knowledge/bases"],
      ["POST", "/api/admin/knowledge/bases", { name: "x" }],
      ["PUT", `/api/admin/knowledge/bases/${a.kb.id}`, { name: "x" }],
      ["DELETE", `/api/admin/knowledge/bases/${a.kb.id}`],
      ["POST", "/api/admin/knowledge/entries/bulk", { ids: [a.entry.id], action: "delete" }],
      ["GET", "/api/admin/knowledge/imports"],
      ["POST", "/api/admin/knowledge/imports", { url: "https://example.com/" }],
    ];
    for (const [method, path, json] of routes) {
      assert.equal((await call(path, { method, json })).status, 401, `${method} ${path} without a session`);
      assert.equal((await call(path, { method, json, cookie: agent })).status, 403, `${method} ${path} as an agent`);
    }
    assert.equal(
      (await listEntries(a.tenant.id, { knowledgeBaseId: a.kb.id })).some((e) => e.id === a.entry.id),
      true,
    );
  });

  test("admin entry list: search over title, content and tags, filters, pages with a total; tenant B's admin sees and bulk-changes none of A's", async () => {
    const word = `quokka${Date.now().toString(36)}`;
    for (let i = 0; i < 7; i++) {
      await createEntry(a.tenant.id, {
        knowledgeBaseId: a.kb.id,
        title: `Quokka question ${i}`,
        content: `About the ${word} number ${i}.`,
        tags: i === 6 ? [`${word}-tag`] : [],
      });
    }
    await createEntry(b.tenant.id, {
      knowledgeBaseId: b.kb.id,
      title: `B's ${word}`,
      content: `Tenant B's ${word}.`,
      tags: [`${word}-tag`],
    });
    const cookie = await signInCookie(a.admin.email, a.admin.password);
    const otherCookie = await signInCookie(b.admin.email, b.admin.password);
    const list = (query: string, c = cookie) => call(`/api/admin/knowledge/entries?${query}`, { cookie: c });

    const p1 = await list(`q=${word.toUpperCase()}&pageSize=3`);
    assert.equal(p1.status, 200);
    assert.deepEqual(pick(p1.json, ["total", "page", "pages", "pageSize"]), {
      total: 7,
      page: 1,
      pages: 3,
      pageSize: 3,
    });
    const p3 = await list(`q=${word}&pageSize=3&page=3`);
    assert.equal(p3.json.entries.length, 1);
    const all = [
      ...p1.json.entries,
      ...(await list(`q=${word}&pageSize=3&page=2`)).json.entries,
      ...p3.json.entries,
    ].map((e: { id: string }) => e.id);
    assert.equal(new Set(all).size, 7, "three pages list the seven matches once each");
    assert.equal((await list(`q=${word}&pageSize=3&page=99`)).json.page, 3, "a page past the end is the last page");
    assert.deepEqual(
      (await list(`q=${word}-tag`)).json.entries.map((e: { title: string }) => e.title),
      ["Quokka question 6"],
      "a tag is searched",
    );
    assert.equal((await list(`q=${word}&enabled=false`)).json.total, 0);
    assert.equal((await list(`q=${word}&kb=${a.kb.id}`)).json.total, 7);
    assert.equal((await list(`q=${word}&kb=${b.kb.id}`)).json.total, 0, "B's knowledge base is no filter for A");
    assert.equal((await list("page=0")).status, 400, "a bad page number is refused");

    const theirs = await list(`q=${word}`, otherCookie);
    assert.deepEqual(pick(theirs.json, ["total"]), { total: 1 });
    assert.deepEqual(
      theirs.json.entries.map((e: { title: string }) => e.title),
      [`B's ${word}`],
    );
    assert.equal((await list(`kb=${a.kb.id}`, otherCookie)).json.total, 0);

    const bulk = await call("/api/admin/knowledge/entries/bulk", {
      cookie: otherCookie,
      json: { filter: { q: word }, action: "disable" },
    });
    assert.equal(bulk.json.count, 1, "B's filter reaches only B's own entry");
    assert.equal((await list(`q=${word}&enabled=true`)).json.total, 7, "A's entries are untouched");
    const mine = await call("/api/admin/knowledge/entries/bulk", {
      cookie,
      json: { filter: { q: word, enabled: true }, action: "disable" },
    });
    assert.equal(mine.json.count, 7);
    const both = await call("/api/admin/knowledge/entries/bulk", {
      cookie,
      json: { ids: [all[0]], filter: {}, action: "delete" },
    });
    assert.equal(both.status, 400);
    assert.match(both.json.error.message, /either ids or filter/);
    assert.equal(
      (await call("/api/admin/knowledge/entries/bulk", { cookie, json: { filter: { q: word }, action: "delete" } }))
        .json.count,
      7,
    );
  });

  test("admin routes: bulk, knowledge bases and imports, each within the signed-in admin's tenant", async () => {
    const cookie = await signInCookie(a.admin.email, a.admin.password);
    const created = await call("/api/admin/knowledge/bases", { cookie, json: { name: "Staff only" } });
    assert.equal(created.status, 201);
    const kbId = created.json.knowledgeBase.id;
    assert.equal(
      (await call(`/api/admin/knowledge/bases/${kbId}`, { cookie, method: "PUT", json: { name: "Staff" } })).json
        .knowledgeBase.name,
      "Staff",
    );
    assert.equal(
      (await call(`/api/admin/knowledge/bases/${b.kb.id}`, { cookie, method: "PUT", json: { name: "mine now" } }))
        .status,
      404,
    );
    assert.equal((await call(`/api/admin/knowledge/bases/${b.kb.id}`, { cookie, method: "DELETE" })).status, 404);

    const started = await call("/api/admin/knowledge/imports", {
      cookie,
      form: file("staff.csv", "Where is the key?,In the drawer\nWho locks up?,The last one out\n", {
        knowledgeBaseId: kbId,
      }),
    });
    assert.equal(started.status, 202);
    let job = started.json.import;
    for (let i = 0; i < 100 && job.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call(`/api/admin/knowledge/imports/${job.id}`, { cookie })).json.import;
    }
    assert.deepEqual(pick(job, ["status", "total", "done", "created"]), {
      status: "done",
      total: 2,
      done: 2,
      created: 2,
    });
    const otherCookie = await signInCookie(b.admin.email, b.admin.password);
    assert.equal((await call(`/api/admin/knowledge/imports/${job.id}`, { cookie: otherCookie })).status, 404);

    const staff = await listEntries(a.tenant.id, { knowledgeBaseId: kbId });
    const bulk = await call("/api/admin/knowledge/entries/bulk", {
      cookie: otherCookie,
      json: { ids: staff.map((e) => e.id), action: "disable" },
    });
    assert.equal(bulk.json.count, 0, "another tenant's admin changes nothing");
    const mine = await call("/api/admin/knowledge/entries/bulk", {
      cookie,
      json: { ids: staff.map((e) => e.id), action: "delete" },
    });
    assert.equal(mine.json.count, 2);
    assert.equal((await call(`/api/admin/knowledge/bases/${kbId}`, { cookie, method: "DELETE" })).status, 204);
  });
});

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
