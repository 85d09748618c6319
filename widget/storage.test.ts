import { test } from "node:test";
import assert from "node:assert/strict";
import { cookieFor, cookieName, cookieValue, parse, readCookie } from "./storage";

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

test("the outbox of unacknowledged messages survives a round trip, drops malformed entries, and gives way in a full cookie", () => {
  const outbox = [
    { clientId: "c-1", text: "我想退货" },
    { clientId: "c-2", text: "where is my order?" },
  ];
  assert.deepEqual(parse(JSON.stringify({ visitorToken: "t", lastSeq: 3, outbox })), {
    visitorToken: "t",
    lastSeq: 3,
    outbox,
  });
  // whatever a tampered or stale store holds, only well-formed messages come back
  const messy = parse(
    JSON.stringify({ outbox: [{ clientId: 1, text: "x" }, { clientId: "ok", text: "fine", extra: true }, null, "s"] }),
  );
  assert.deepEqual(messy.outbox, [{ clientId: "ok", text: "fine" }]);
  assert.equal(parse("not json").outbox, undefined);

  // a cookie holds ~4 KB: long Chinese messages (9 bytes a character once encoded) leave, the token and seq stay
  const long = Array.from({ length: 5 }, (_, i) => ({ clientId: `l-${i}`, text: "退".repeat(150) }));
  const raw = cookieValue({ visitorToken: "tok", lastSeq: 9, outbox: long });
  assert.ok(encodeURIComponent(raw).length <= 3_500);
  const back = parse(raw);
  assert.equal(back.visitorToken, "tok");
  assert.equal(back.lastSeq, 9);
  assert.ok((back.outbox?.length ?? 0) >= 1 && back.outbox!.length < 5, "the oldest messages that fit are kept");
  assert.deepEqual(back.outbox![0], long[0]);
  assert.equal(
    parse(cookieValue({ visitorToken: "tok", outbox: [{ clientId: "x", text: "退".repeat(2000) }] })).outbox,
    undefined,
  );
});
