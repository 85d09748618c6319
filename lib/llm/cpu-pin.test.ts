import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import { test } from "node:test";
import { testEnv } from "../../tests/helpers/env";
import { LlmEngine } from "./engine";
import { inferenceCpus } from "./cpu-pin";

const allowed = (pid: number) => fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/Cpus_allowed_list:\s*(\S+)/)![1];

test("KEFU_INFERENCE_CPUS keeps the inference process on those cores; a malformed value is ignored with a warning", async () => {
  const last = String(os.availableParallelism() - 1);
  const saved = process.env.KEFU_INFERENCE_CPUS;
  try {
    process.env.KEFU_INFERENCE_CPUS = "1;rm -rf /";
    assert.equal(inferenceCpus(), null, "not a core list: no pinning");
    process.env.KEFU_INFERENCE_CPUS = last;
    const e = new LlmEngine();
    await e.load(testEnv.model);
    try {
      const pid = e.worker?.pid;
      assert.ok(pid, "the engine has an inference process");
      assert.equal(allowed(pid), last, "the inference process runs on the given core only");
      if (os.availableParallelism() > 1) assert.notEqual(allowed(process.pid), last, "the caller is not pinned");
      const answer = await e.generate(
        [
          { type: "user", text: "Once upon a time" },
          { type: "model", response: [] },
        ],
        { maxTokens: 8, temperature: 0, onText: () => {} },
      );
      assert.ok(answer.outputTokens > 0, "the pinned process answers");
    } finally {
      await e.unload();
    }
  } finally {
    if (saved === undefined) delete process.env.KEFU_INFERENCE_CPUS;
    else process.env.KEFU_INFERENCE_CPUS = saved;
  }
});
