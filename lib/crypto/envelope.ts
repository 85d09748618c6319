// Field-level encryption at rest. A value is stored as `kefu:1:<keyId>:<cipher>:<base64>`: the version, the key that
// sealed it and the cipher are in clear so rotation knows what to re-encrypt, and they are authenticated with the
// value, so a changed key id, cipher or byte is refused instead of read as garbage.
//   sm4: SM4-CTR with a fresh 16-byte IV, then HMAC-SM3 over header + IV + ciphertext (Node has no SM4-GCM, so
//        encrypt-then-MAC). Separate encryption and MAC keys derived from the configured key with HMAC-SM3.
//   aes: AES-256-GCM with a fresh 12-byte IV and the header as additional data.
// A value without the prefix is plaintext written before a key was configured and is read as it is.
import crypto from "node:crypto";
import { type Cipher, type KeyRing, keyRing } from "./keys";

const PREFIX = "kefu:1:";
const ENVELOPE = /^kefu:1:([A-Za-z0-9_-]{1,32}):(sm4|aes):([A-Za-z0-9+/]+={0,2})$/;
const TAG = 16; // bytes of the MAC (HMAC-SM3 truncated to 128 bits) and of the GCM tag

/** Mapped to the `decrypt_failed` error by lib/errors.ts (by name: that file imports lib/db, which imports this). */
export class DecryptError extends Error {
  name = "DecryptError";
  code = "decrypt_failed";
}

const derived = new WeakMap<Buffer, { enc: Buffer; mac: Buffer }>();
function sm4Keys(key: Buffer) {
  let d = derived.get(key);
  if (!d) {
    const sub = (label: string) => crypto.createHmac("sm3", key).update(label).digest();
    d = { enc: sub("kefu sm4 encryption").subarray(0, 16), mac: sub("kefu sm4 mac") };
    derived.set(key, d);
  }
  return d;
}

const token = (c: Cipher) => (c === "sm4" ? "sm4" : "aes");

export function sealWith(plain: string, keyId: string, key: Buffer, cipher: Cipher): string {
  const header = `${PREFIX}${keyId}:${token(cipher)}:`;
  const data = Buffer.from(plain, "utf8");
  if (cipher === "sm4") {
    const { enc, mac } = sm4Keys(key);
    const iv = crypto.randomBytes(16);
    const c = crypto.createCipheriv("sm4-ctr", enc, iv);
    const body = Buffer.concat([iv, c.update(data), c.final()]);
    const tag = crypto.createHmac("sm3", mac).update(header).update(body).digest().subarray(0, TAG);
    return header + Buffer.concat([body, tag]).toString("base64");
  }
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(header));
  const ct = Buffer.concat([c.update(data), c.final()]);
  return header + Buffer.concat([iv, ct, c.getAuthTag()]).toString("base64");
}

export function openWith(value: string, keys: Map<string, Buffer>): string {
  const m = ENVELOPE.exec(value);
  if (!m) throw new DecryptError("An encrypted value is malformed (it was changed in the database)");
  const [, keyId, cipher, b64] = m;
  const key = keys.get(keyId);
  if (!key)
    throw new DecryptError(`A value is encrypted with key "${keyId}", which is not configured (KEFU_ENCRYPTION_KEY)`);
  const raw = Buffer.from(b64, "base64");
  const header = `${PREFIX}${keyId}:${cipher}:`;
  const tampered = () =>
    new DecryptError(`An encrypted value failed its integrity check (key "${keyId}"): it was changed in the database`);
  if (cipher === "sm4") {
    if (raw.length < 16 + TAG) throw tampered();
    const body = raw.subarray(0, raw.length - TAG);
    const { enc, mac } = sm4Keys(key);
    const expected = crypto.createHmac("sm3", mac).update(header).update(body).digest().subarray(0, TAG);
    if (!crypto.timingSafeEqual(expected, raw.subarray(raw.length - TAG))) throw tampered();
    const d = crypto.createDecipheriv("sm4-ctr", enc, body.subarray(0, 16));
    return Buffer.concat([d.update(body.subarray(16)), d.final()]).toString("utf8");
  }
  if (raw.length < 12 + TAG) throw tampered();
  try {
    const d = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(header));
    d.setAuthTag(raw.subarray(raw.length - TAG));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - TAG)), d.final()]).toString("utf8");
  } catch {
    throw tampered();
  }
}

export const isSealed = (value: string) => value.startsWith(PREFIX);
/** The key id a stored value was sealed with, or null for plaintext. */
export const sealedKeyId = (value: string) => ENVELOPE.exec(value)?.[1] ?? null;

/** Encrypts with the newest key when encryption is on; otherwise answers the value unchanged. */
export function seal<T extends string | null | undefined>(value: T, ring: KeyRing | null = keyRing()): T {
  // a visitor's text that happens to start with the prefix is encrypted too: everything written under a key is sealed
  if (!ring || typeof value !== "string") return value;
  return sealWith(value, ring.current, ring.keys.get(ring.current) as Buffer, ring.cipher) as T;
}

/** Decrypts a sealed value; plaintext (written before a key was set) is answered as it is. */
export function open<T extends string | null | undefined>(value: T, ring: KeyRing | null = keyRing()): T {
  if (typeof value !== "string" || !isSealed(value)) return value;
  if (!ring) {
    // without a key, only a well-formed envelope is taken for one: a message that merely starts with the prefix
    // reads as it always did
    if (!ENVELOPE.test(value)) return value;
    throw new DecryptError(
      "This value is encrypted but no key is configured (KEFU_ENCRYPTION_KEY or KEFU_ENCRYPTION_KEY_FILE)",
    );
  }
  return openWith(value, ring.keys) as T;
}

/**
 * A keyed digest (HMAC-SM3 under a key derived from the first configured key) for a value that is looked up or
 * grouped by equality, so the database can match it without holding it; the value itself unchanged without a key.
 * The first key, not the newest, so that adding a key for rotation keeps equal values equal.
 */
export function blindIndex(value: string, ring: KeyRing | null = keyRing()): string {
  if (!ring) return value;
  const first = ring.keys.values().next().value as Buffer;
  const key = crypto.createHmac("sm3", first).update("kefu blind index").digest();
  return `bi1:${crypto.createHmac("sm3", key).update(value).digest("hex")}`;
}
