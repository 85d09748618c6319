import assert from "node:assert/strict";
import { test } from "node:test";
import { parseInline, parseMarkdown, safeHref } from "./markdown";

test("bold, italic, code and links are recognised", () => {
  assert.deepEqual(parseInline("a **b** *c* `d` [e](https://x.cn/a)"), [
    { t: "text", v: "a " },
    { t: "strong", c: [{ t: "text", v: "b" }] },
    { t: "text", v: " " },
    { t: "em", c: [{ t: "text", v: "c" }] },
    { t: "text", v: " " },
    { t: "code", v: "d" },
    { t: "text", v: " " },
    { t: "link", href: "https://x.cn/a", c: [{ t: "text", v: "e" }] },
  ]);
});

test("only http(s) and mailto links survive; the words of the others stay as text", () => {
  assert.deepEqual(parseInline("[x](javascript:alert(1))"), [{ t: "text", v: "x)" }]);
  assert.equal(safeHref("javascript:alert(1)"), undefined);
  assert.equal(safeHref("data:text/html,hi"), undefined);
  assert.equal(safeHref(" JAVASCRIPT:alert(1)"), undefined);
  assert.equal(safeHref("mailto:a@b.cn"), "mailto:a@b.cn");
  const js = parseInline("[click](javascript:evil)");
  assert.deepEqual(js, [{ t: "text", v: "click" }]);
  assert.ok(!JSON.stringify(parseInline("[a](vbscript:x) [b](data:x)")).includes("href"));
});

test("an image is never an image: it becomes a link to it (or plain text)", () => {
  assert.deepEqual(parseInline("![logo](https://t.example/p.png)"), [
    { t: "link", href: "https://t.example/p.png", c: [{ t: "text", v: "logo" }] },
  ]);
  assert.deepEqual(parseInline("![x](javascript:1)"), [{ t: "text", v: "x" }]);
});

test("raw HTML is just text", () => {
  assert.deepEqual(parseMarkdown(`<img src=x onerror="alert(1)"><script>alert(2)</script>`), [
    { t: "p", c: [{ t: "text", v: `<img src=x onerror="alert(1)"><script>alert(2)</script>` }] },
  ]);
});

test("lists, paragraphs and fenced code", () => {
  assert.deepEqual(parseMarkdown("Steps:\n\n1. one\n2. **two**\n\n- a\n- b\n\n```\n<b>x</b>\n```"), [
    { t: "p", c: [{ t: "text", v: "Steps:" }] },
    { t: "ol", items: [[{ t: "text", v: "one" }], [{ t: "strong", c: [{ t: "text", v: "two" }] }]] },
    { t: "ul", items: [[{ t: "text", v: "a" }], [{ t: "text", v: "b" }]] },
    { t: "pre", v: "<b>x</b>" },
  ]);
});

test("bare URLs link without their trailing punctuation; snake_case is not italic", () => {
  assert.deepEqual(parseInline("see https://kefu.cn/a."), [
    { t: "text", v: "see " },
    { t: "link", href: "https://kefu.cn/a", c: [{ t: "text", v: "https://kefu.cn/a" }] },
    { t: "text", v: "." },
  ]);
  assert.deepEqual(parseInline("my_var_name"), [{ t: "text", v: "my_var_name" }]);
  assert.deepEqual(parseInline("a.__x=1 b.__y"), [{ t: "text", v: "a.__x=1 b.__y" }]);
  assert.deepEqual(parseInline("__strong__ text"), [
    { t: "strong", c: [{ t: "text", v: "strong" }] },
    { t: "text", v: " text" },
  ]);
});
