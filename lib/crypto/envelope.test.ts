import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { blindIndex, DecryptError, open, seal, sealedKeyId } from "./envelope";
import { type KeyRing, parseKeys } from "./keys";

const hex = (n: number) => Buffer.alloc(32, n).toString("hex");
const ring = (cipher: KeyRing["cipher"], spec = `old:${hex(1)},new:${hex(2)}`): KeyRing => {
  const keys = parseKeys(spec, "test");
  return { current: [...keys.keys()].at(-1) as string, cipher, keys };
};

test("SM4 is the cipher of GB/T 32907 (its appendix A example)", () => {
  const key = Buffer.from("0123456789abcdeffedcba9876543210", "hex");
  const c = crypto.createCipheriv("sm4-ecb", key, null).setAutoPadding(false);
  const out = Buffer.concat([c.update(key), c.final()]).toString("hex");
  assert.equal(out, "681edf34d206965e86b3e94f536e4246");
});

for (const cipher of ["sm4", "aes-256-gcm"] as const) {
  test(`${cipher}: a value round-trips, carries the newest key id and a fresh IV each time`, () => {
    const r = ring(cipher);
    const text = "我的手机号是 13800138000, call me 😀";
    const a = seal(text, r);
    const b = seal(text, r);
    assert.notEqual(a, b);
    assert.ok(!a.includes("13800138000"));
    assert.equal(sealedKeyId(a), "new");
    assert.match(a, new RegExp(`^kefu:1:new:${cipher === "sm4" ? "sm4" : "aes"}:`));
    assert.equal(open(a, r), text);
    assert.equal(open("", r), "");
    assert.equal(open(seal("", r), r), "");
  });

  test(`${cipher}: a flipped byte, a changed key id or cipher is refused with a clear error`, () => {
    const r = ring(cipher);
    const sealed = seal("hello there", r);
    const body = Buffer.from(sealed.split(":")[4], "base64");
    for (let i = 0; i < body.length; i += 3) {
      const bad = Buffer.from(body);
      bad[i] ^= 0x01;
      const value = sealed.replace(/[^:]+$/, bad.toString("base64"));
      assert.throws(
        () => open(value, r),
        (e) => e instanceof DecryptError && /integrity check/.test(e.message),
        `byte ${i}`,
      );
    }
    assert.throws(() => open(sealed.replace(":new:", ":old:"), r), /integrity check/);
    assert.throws(() => open(sealed.replace(":new:", ":gone:"), r), /key "gone", which is not configured/);
    assert.throws(() => open(`${sealed.slice(0, -4)}`, r), DecryptError);
    assert.throws(() => open(sealed, null), /no key is configured/);
  });
}

test("an old key still opens what it sealed; plaintext from before the key reads as it is", () => {
  const before = ring("sm4", `old:${hex(1)}`);
  const after = ring("aes-256-gcm");
  const sealed = seal("kept", before);
  assert.equal(sealedKeyId(sealed), "old");
  assert.equal(open(sealed, after), "kept");
  assert.equal(open("written before encryption", after), "written before encryption");
  assert.equal(seal(null, after), null);
});

test("keys: hex or base64, named by id or by their digest; a short key or a repeated id is refused by name", () => {
  const b64 = Buffer.alloc(32, 7).toString("base64");
  const keys = parseKeys(`${b64}\nk2:${hex(3)}`, "KEFU_ENCRYPTION_KEY");
  assert.equal(keys.size, 2);
  assert.match([...keys.keys()][0], /^[0-9a-f]{8}$/);
  assert.throws(() => parseKeys("k:abcd", "KEFU_ENCRYPTION_KEY"), /KEFU_ENCRYPTION_KEY: a key must be 32 bytes/);
  assert.throws(() => parseKeys(`a:${hex(1)},a:${hex(2)}`, "X"), /"a" is given twice/);
});

test("a blind index groups equal values without holding them, and survives adding a key for rotation", () => {
  const one = ring("sm4", `old:${hex(1)}`);
  const two = ring("sm4");
  const a = blindIndex("where is my parcel", one);
  assert.match(a, /^bi1:[0-9a-f]{64}$/);
  assert.equal(blindIndex("where is my parcel", two), a);
  assert.notEqual(blindIndex("where is my parcel?", one), a);
  assert.equal(blindIndex("where is my parcel", null), "where is my parcel");
});
