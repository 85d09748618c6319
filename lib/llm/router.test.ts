import assert from "node:assert/strict";
import { test } from "node:test";
import { abArm } from "./router";

test("the A/B arm is sticky per conversation and follows the share", () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `conv-${i}`);
  for (const id of ids.slice(0, 50)) assert.equal(abArm(id, 30), abArm(id, 30));
  const b = ids.filter((id) => abArm(id, 30) === "B").length / ids.length;
  assert.ok(b > 0.25 && b < 0.35, `B share ${b}`);
  assert.ok(ids.every((id) => abArm(id, 0) === "A"));
  assert.ok(ids.every((id) => abArm(id, 100) === "B"));
});
