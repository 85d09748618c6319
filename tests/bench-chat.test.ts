import assert from "node:assert/strict";
import { test } from "node:test";
import { runBench } from "./helpers/bench";

test("bench:chat persists and delivers every message under load, and holds idle widgets", async () => {
  const { json } = await runBench("chat");
  assert.ok(json.kefu.acked > 0, "messages acknowledged");
  assert.equal(json.kefu.acked, json.kefu.sent, "every message sent was acknowledged");
  assert.equal(json.kefu.lost, 0, "none acknowledged and lost");
  assert.equal(json.kefu.duplicated, 0, "none stored twice");
  assert.equal(json.idle.connected, json.idle.target, "every idle widget connected");
  assert.ok(json.echo.acked > 0, "the echo ceiling measured");
});
