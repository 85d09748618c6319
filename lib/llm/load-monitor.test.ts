import assert from "node:assert/strict";
import { test } from "node:test";
import { LoadState } from "./load-monitor";

const policy = { cpuHigh: 0.8, cpuLow: 0.65, queueWaitMs: 2000, enterAfter: 3, leaveAfter: 4 };

test("sustained CPU over the threshold switches to the light model, and only well below it switches back", () => {
  const s = new LoadState(policy);
  const feed = (cpu: number, n: number) => Array.from({ length: n }, () => s.sample({ cpu, queueWaitMs: 0 }));
  assert.deepEqual(feed(0.95, 2), [undefined, undefined], "a short spike is ignored");
  feed(0.3, 1);
  assert.deepEqual(feed(0.95, 3), [undefined, undefined, true]);
  assert.equal(s.degraded, true);
  assert.deepEqual(feed(0.75, 10).filter((x) => x !== undefined), [], "under the threshold but not calm: stays light");
  assert.deepEqual(feed(0.4, 4), [undefined, undefined, undefined, false]);
  assert.equal(s.degraded, false);
});

test("answers waiting too long for a slot also switch to the light model", () => {
  const s = new LoadState(policy);
  for (let i = 0; i < 3; i++) s.sample({ cpu: 0.2, queueWaitMs: 5000 });
  assert.equal(s.degraded, true);
});
