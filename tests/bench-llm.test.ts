import assert from "node:assert/strict";
import { test } from "node:test";
import { runBench } from "./helpers/bench";

test("bench:llm runs end to end: the speed test and the hot swap as the server's admin, answers at 1, 4 and 8 at once", async () => {
  const { json, out } = await runBench("llm");
  const m = json.models[0];
  assert.ok(m.tiny, "quick mode runs the tiny model only");
  assert.ok(m.raw.tokPerSec > 0 && m.provider.tokPerSec > 0, "raw and provider figures");
  assert.ok(m.e2e.tokPerSec > 0, "end-to-end figures");
  assert.equal(m.e2e.failed, 0, "no end-to-end answer failed");
  assert.ok(m.e2e.rawInServer?.tokPerSec > 0, `the server's speed test answered (${out.match(/speed test.*$/m)?.[0] ?? ""})`);
  for (const level of ["1", "4", "8"]) {
    assert.equal(m.concurrency[level].streams, Number(level), `${level} answers at once`);
    assert.ok(!m.concurrency[level].failed, `no failed answer at ${level} at once`);
  }
  assert.equal(m.hotSwap.server.available, true, `the hot swap through the admin API ran: ${m.hotSwap.server.reason ?? ""}`);
  assert.ok(!("error" in m.hotSwap.server), `hot swap error: ${m.hotSwap.server.error}`);
  assert.equal(m.hotSwap.server.streamsCut, 0, "no answer cut by the hot swap");
});
