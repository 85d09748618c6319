import assert from "node:assert/strict";
import { test } from "node:test";
import { dropPresence, listPresence, onlineAgentIds, setPresence } from "./presence";

const ann = { userId: "u-ann", name: "Ann" };

test("an agent is online while one socket says so, away while one says away, offline with none", async () => {
  assert.deepEqual(setPresence("t1", ann, "s1", "away"), { before: "offline", after: "away" });
  assert.deepEqual(setPresence("t1", ann, "s2", "online"), { before: "away", after: "online" });
  assert.deepEqual(await onlineAgentIds("t1"), ["u-ann"]);
  assert.deepEqual(dropPresence("t1", "u-ann", "s2"), { before: "online", after: "away" });
  assert.deepEqual(await listPresence("t1"), [{ userId: "u-ann", name: "Ann", status: "away" }]);
  assert.deepEqual(dropPresence("t1", "u-ann", "s1"), { before: "away", after: "offline" });
  assert.deepEqual(await listPresence("t1"), []);
  assert.deepEqual(dropPresence("t1", "u-ann", "never-set"), { before: "offline", after: "offline" });
});

test("presence is per tenant", async () => {
  setPresence("t2", ann, "s3", "online");
  assert.deepEqual(await onlineAgentIds("t3"), []);
  assert.deepEqual(await onlineAgentIds("t2"), ["u-ann"]);
  dropPresence("t2", "u-ann", "s3");
});
