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
  assert.deepEqual(
    feed(0.75, 10).filter((x) => x !== undefined),
    [],
    "under the threshold but not calm: stays light",
  );
  assert.deepEqual(feed(0.4, 4), [undefined, undefined, undefined, false]);
  assert.equal(s.degraded, false);
});

test("answers waiting too long for a slot also switch to the light model", () => {
  const s = new LoadState(policy);
  for (let i = 0; i < 3; i++) s.sample({ cpu: 0.2, queueWaitMs: 5000 });
  assert.equal(s.degraded, true);
});

test("the running monitor logs each switch and counts it in the metrics", async () => {
  const { loadState, startLoadMonitor } = await import("./load-monitor");
  const { metrics } = await import("../metrics");
  const switches = async () =>
    (await metrics().degradeSwitches.get()).values.find((v) => v.labels.to === "light")?.value ?? 0;
  const before = await switches();
  const logs: string[] = [];
  let waitMs = 5000; // answers waiting 5 s for a slot, every second
  const stop = startLoadMonitor(
    () => waitMs,
    (m) => logs.push(m),
  );
  try {
    const until = Date.now() + 12_000;
    while (!loadState().degraded && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    assert.equal(loadState().degraded, true, "5 s over the limit switch to the light model");
    assert.equal(await switches(), before + 1);
    assert.equal((await metrics().degraded.get()).values[0].value, 1);
    assert.match(logs.join("\n"), /load high .*new answers go to the light model/);
  } finally {
    waitMs = 0;
    stop();
    loadState().degraded = false;
  }
});

test("with no model loaded the monitor still follows the load but announces no light-model switch", async () => {
  const { loadState, startLoadMonitor } = await import("./load-monitor");
  loadState().degraded = false;
  const logs: string[] = [];
  const stop = startLoadMonitor(
    () => 5000,
    (m) => logs.push(m),
    () => false,
  );
  try {
    const until = Date.now() + 12_000;
    while (!loadState().degraded && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    assert.equal(loadState().degraded, true, "the state switches as before");
    assert.deepEqual(logs, [], "but no line claims answers go to a light model");
  } finally {
    stop();
    loadState().degraded = false;
  }
});
