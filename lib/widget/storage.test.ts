import { test } from "node:test";
import assert from "node:assert/strict";
import { cookieFor, cookieName, readCookie } from "./storage";

test("the fallback cookie is partitioned, secure, scoped to the frame page, and round-trips JSON", () => {
  const name = cookieName("pk_a.b;c=d");
  assert.equal(name, "kefu_pk_a_b_c_d"); // a key from the URL cannot inject cookie attributes
  const raw = JSON.stringify({ visitorToken: "eyJ2Ijo.abc-_", lastSeq: 7 });
  const set = cookieFor(name, raw, "/widget/frame");
  const [pair, ...attrs] = set.split("; ");
  assert.deepEqual(attrs, ["Path=/widget/frame", `Max-Age=${30 * 86400}`, "Secure", "SameSite=None", "Partitioned"]);
  assert.ok(!pair.slice(name.length + 1).includes(";"));
  // as document.cookie would list it among others
  const all = `other=1; ${pair}; kefu_pk_other=x`;
  assert.equal(readCookie(all, name), raw);
  assert.equal(readCookie(all, "kefu_pk"), undefined);
  assert.equal(readCookie("", name), undefined);
});
