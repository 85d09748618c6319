import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import os from "node:os";
import { test } from "node:test";

// env() is read once per process: each case runs in a fresh one
const threadsWith = (extra: Record<string, string | undefined>) =>
  execFileSync(
    process.execPath,
    ["--import", "tsx", "-e", 'import("./lib/env.ts").then((m) => console.log(m.defaultThreads()))'],
    {
      env: { ...process.env, KEFU_THREADS: undefined, ...extra },
      encoding: "utf8",
    },
  ).trim();

test("threads default to the cores, one left for the web server when there are more than 2; KEFU_THREADS overrides", () => {
  const cores = os.availableParallelism();
  assert.equal(Number(threadsWith({})), Math.max(1, cores > 2 ? cores - 1 : 1));
  assert.equal(Number(threadsWith({ KEFU_THREADS: "3" })), 3);
});

test("the engine and the embedder take their threads from it", async () => {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      'Promise.all([import("./lib/llm/engine.ts"), import("./lib/llm/embedder.ts")]).then(([a, b]) => console.log(new a.LlmEngine().threads, b.embedder().threads))',
    ],
    { env: { ...process.env, KEFU_THREADS: "2" }, encoding: "utf8" },
  ).trim();
  assert.equal(out, "2 2");
});
