import assert from "node:assert/strict";
import { test } from "node:test";
import { metricsRefusal } from "./ops-routes";

test("/metrics without a token answers only on loopback", () => {
  assert.equal(metricsRefusal("127.0.0.1", undefined, undefined), undefined);
  assert.equal(metricsRefusal("::1", undefined, undefined), undefined);
  assert.equal(metricsRefusal("203.0.113.9", undefined, undefined)?.status, 403);
  assert.equal(metricsRefusal("::ffff:192.0.2.1", undefined, undefined)?.status, 403);
});

test("/metrics with a token needs that exact bearer token, from anywhere", () => {
  const token = "s3cret-token-value";
  assert.equal(metricsRefusal("203.0.113.9", `Bearer ${token}`, token), undefined);
  assert.equal(metricsRefusal("127.0.0.1", undefined, token)?.status, 401);
  assert.equal(metricsRefusal("127.0.0.1", "Bearer wrong", token)?.status, 401);
  assert.equal(metricsRefusal("127.0.0.1", `Bearer ${token}x`, token)?.status, 401);
});
