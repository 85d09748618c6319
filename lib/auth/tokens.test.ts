import assert from "node:assert/strict";
import { test } from "node:test";

process.env.NEXTAUTH_SECRET ??= "unit-test-secret";
const { signVisitorToken, verifyVisitorToken } = await import("./tokens");
const { hashPassword, verifyPassword } = await import("./password");

test("a visitor token verifies, and any change to it is refused", () => {
  const token = signVisitorToken({ v: "visitor1", t: "tenant1", b: "bot1" });
  assert.deepEqual(
    { ...(verifyVisitorToken(token) as object), exp: 0 },
    { v: "visitor1", t: "tenant1", b: "bot1", exp: 0 },
  );
  const [body, sig] = token.split(".");
  const forged = Buffer.from(
    JSON.stringify({ v: "visitor2", t: "tenant1", b: "bot1", exp: Date.now() + 1e9 }),
  ).toString("base64url");
  assert.equal(verifyVisitorToken(`${forged}.${sig}`), undefined);
  assert.equal(verifyVisitorToken(`${body}.${sig.slice(0, -2)}xx`), undefined);
  assert.equal(verifyVisitorToken("garbage"), undefined);
});

test("an expired visitor token is reported as expired", () => {
  assert.equal(verifyVisitorToken(signVisitorToken({ v: "v", t: "t", b: "b" }, -1)), "expired");
});

test("passwords are hashed with a salt and verified", async () => {
  const a = await hashPassword("correct horse");
  const b = await hashPassword("correct horse");
  assert.notEqual(a, b);
  assert.ok(a.startsWith("scrypt$"));
  assert.equal(await verifyPassword("correct horse", a), true);
  assert.equal(await verifyPassword("wrong horse", a), false);
});
