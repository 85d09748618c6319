import assert from "node:assert/strict";
import { test } from "node:test";
import { runBench } from "./helpers/bench";

test("bench:writer measures the group commit", async () => {
  const { json } = await runBench("writer");
  assert.deepEqual(
    json.rows.map((r: { batch: number }) => r.batch),
    [1, 100],
  );
  for (const r of json.rows) assert.ok(r.messagesPerS > 0, `batch ${r.batch}: ${r.messagesPerS} messages/s`);
});
