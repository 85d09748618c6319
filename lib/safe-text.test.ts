import assert from "node:assert/strict";
import { test } from "node:test";
import { assertSafeInput, isSafeText, unsafeTextAt } from "./safe-text";

test("NUL and lone surrogates are unsafe; other text, emoji and Chinese are fine", () => {
  for (const s of ["a\u0000b", "\ud800", "x\udc00", "\u0000"]) assert.equal(isSafeText(s), false, JSON.stringify(s));
  for (const s of ["", "你好", "😀", "tab\tnew\nline", "\u0001"]) assert.equal(isSafeText(s), true, JSON.stringify(s));
});

test("the path of the first unsafe string is named, keys included", () => {
  assert.equal(unsafeTextAt({ title: "ok", tags: ["a", "b\u0000"] }), "tags.1");
  assert.equal(unsafeTextAt({ entries: [{ content: "\ud83d" }] }), "entries.0.content");
  assert.equal(unsafeTextAt({ "bad\u0000key": 1 }), "value");
  assert.equal(unsafeTextAt({ n: 1, ok: true, nothing: null }), undefined);
  assert.throws(() => assertSafeInput({ text: "hi\u0000" }), { code: "bad_request", message: /^text: contains a NUL/ });
  assert.throws(() => assertSafeInput("\u0000", "q"), { code: "bad_request", message: /^q: / });
});
