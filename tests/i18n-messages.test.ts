import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { SYSTEM_KEYS } from "../lib/i18n/system-lines-keys";
import { systemText } from "../lib/i18n/system-lines";

// Every text exists in both languages: a key missing in one would show its raw name to that language's users.
const dir = path.join(process.cwd(), "messages");
const keys = (o: Record<string, unknown>, p = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`],
  );
const read = (locale: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, locale, file), "utf8"));

test("every namespace has the same keys in en and zh-CN, and no empty text", () => {
  const en = fs.readdirSync(path.join(dir, "en")).sort();
  assert.deepEqual(fs.readdirSync(path.join(dir, "zh-CN")).sort(), en);
  for (const file of en) {
    assert.deepEqual(keys(read("zh-CN", file)).sort(), keys(read("en", file)).sort(), file);
  }
});

test("every system line key has a text in both languages: Chinese in zh-CN, no Chinese in en", () => {
  for (const key of SYSTEM_KEYS) {
    const zh = systemText(key, "zh-CN", { name: "Ann" });
    const en = systemText(key, "en", { name: "Ann" });
    assert.match(zh, /[\u3400-\u9fff]/, key);
    assert.doesNotMatch(en, /[\u3400-\u9fff]/, key);
  }
  assert.equal(systemText("joined", "en", { name: "Ann" }), "Ann joined the conversation.");
});
