import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { getBot } from "../lib/bots";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

describe("bot drafts tried against a saved question set", () => {
  let a: Tenant;
  let b: Tenant;
  let cookie: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${testEnv.url}${path}`, {
      method,
      headers: { "content-type": "application/json", cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };

  before(async () => {
    [a, b] = [await makeTenant("drafts-a"), await makeTenant("drafts-b")];
    cookie = await signInCookie(a.admin.email, a.admin.password);
  });
  after(() => disconnectDb());

  test("run every saved question against the live bot and the draft side by side, then publish the draft", async () => {
    const url = `/api/admin/bots/${a.bot.id}`;
    assert.equal((await call("POST", `${url}/draft/run`)).status, 404, "no draft yet");
    const saved = await call("PUT", `${url}/draft`, {
      fastPath: true,
      fastPathThreshold: 0.05,
      greeting: "Draft hello",
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    assert.deepEqual(saved.json.draft.changes.map((c: { field: string }) => c.field).sort(), [
      "fastPath",
      "fastPathThreshold",
      "greeting",
    ]);
    assert.equal((await getBot(a.tenant.id, a.bot.id)).greeting, "Hello", "a draft is not live");

    const empty = await call("POST", `${url}/draft/run`);
    assert.equal(empty.status, 400);
    assert.match(empty.json.error.message, /question set is empty/);
    const q = await call("POST", `${url}/questions`, { text: a.entry.title });
    assert.equal(q.status, 201);
    assert.equal((await call("POST", `${url}/questions`, { text: "  " })).status, 400);
    assert.equal((await call("GET", `${url}/questions`)).json.questions.length, 1);

    const run = await call("POST", `${url}/draft/run`);
    assert.equal(run.status, 200, JSON.stringify(run.json));
    const [r] = run.json.results;
    assert.equal(r.question, a.entry.title);
    assert.equal(r.draft.decision, "fast_path");
    assert.match(r.draft.answer, /Hangzhou/);
    assert.notEqual(r.live.decision, "fast_path");
    assert.equal(r.live.topEntry.id, a.entry.id);
    assert.equal(r.draft.topEntry.id, a.entry.id);

    const published = await call("POST", `${url}/draft/publish`);
    assert.equal(published.status, 200);
    const live = await getBot(a.tenant.id, a.bot.id);
    assert.deepEqual([live.fastPath, live.greeting], [true, "Draft hello"]);
    const versions = (await call("GET", `${url}/versions`)).json.versions;
    assert.equal(versions[0].action, "published");
    assert.equal((await call("GET", `${url}/draft`)).json.draft, null, "published: the draft is gone");
  });

  test("a discarded draft changes nothing; a bad draft is refused naming the field", async () => {
    const url = `/api/admin/bots/${a.bot.id}`;
    const bad = await call("PUT", `${url}/draft`, { temperature: 5 });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /temperature/);
    const before = await getBot(a.tenant.id, a.bot.id);
    await call("PUT", `${url}/draft`, { instructions: "Only answer in rhymes." });
    assert.equal((await call("DELETE", `${url}/draft`)).status, 200);
    assert.equal((await call("GET", `${url}/draft`)).json.draft, null);
    assert.equal((await getBot(a.tenant.id, a.bot.id)).instructions, before.instructions);
  });

  test("another tenant's bot, draft and questions answer 404 and stay as they were", async () => {
    const cookieB = await signInCookie(b.admin.email, b.admin.password);
    const resB = await fetch(`${testEnv.url}/api/admin/bots/${b.bot.id}/questions`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookieB },
      body: JSON.stringify({ text: "B's question" }),
    });
    const qB = (await resB.json()).question;
    const other = `/api/admin/bots/${b.bot.id}`;
    for (const [method, path, body] of [
      ["GET", `${other}/draft`],
      ["PUT", `${other}/draft`, { greeting: "x" }],
      ["DELETE", `${other}/draft`],
      ["POST", `${other}/draft/publish`],
      ["POST", `${other}/draft/run`],
      ["GET", `${other}/questions`],
      ["POST", `${other}/questions`, { text: "q" }],
      ["DELETE", `${other}/questions/${qB.id}`],
      ["DELETE", `/api/admin/bots/${a.bot.id}/questions/${qB.id}`],
    ] as const) {
      assert.equal((await call(method, path, body)).status, 404, `${method} ${path}`);
    }
    const list = await fetch(`${testEnv.url}${other}/questions`, { headers: { cookie: cookieB } });
    assert.deepEqual(
      (await list.json()).questions.map((q: { text: string }) => q.text),
      ["B's question"],
    );
  });
});
