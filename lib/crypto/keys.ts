// The encryption keys, from KEFU_ENCRYPTION_KEY or KEFU_ENCRYPTION_KEY_FILE: `id:key` entries separated by commas or
// new lines, each key 32 bytes in hex or base64. The last entry encrypts new values; every entry decrypts (rotation).
// A key given without an id is named by its own SM3 digest, so adding a second key later never renames the first.
import crypto from "node:crypto";
import fs from "node:fs";
import { envVar } from "../env";

export type Cipher = "sm4" | "aes-256-gcm";
export type KeyRing = { current: string; cipher: Cipher; keys: Map<string, Buffer> };

const ID = /^[A-Za-z0-9_-]{1,32}$/;

function decodeKey(text: string, where: string): Buffer {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (bytes.length !== 32)
    throw new Error(
      `${where}: a key must be 32 bytes (64 hex digits or 44 base64 characters), got ${bytes.length} bytes`,
    );
  return bytes;
}

/** Parses a key list; throws naming the entry that is wrong. */
export function parseKeys(spec: string, where: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const entries = spec
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) throw new Error(`${where}: no key given`);
  for (const entry of entries) {
    const at = entry.indexOf(":");
    const key = decodeKey(at < 0 ? entry : entry.slice(at + 1), where);
    const id = at < 0 ? crypto.createHash("sm3").update(key).digest("hex").slice(0, 8) : entry.slice(0, at);
    if (!ID.test(id)) throw new Error(`${where}: a key id is 1-32 letters, digits, _ or - (got "${id}")`);
    if (keys.has(id)) throw new Error(`${where}: the key id "${id}" is given twice`);
    keys.set(id, key);
  }
  return keys;
}

let cached: { spec: string; ring: KeyRing | null } | undefined;

/** The configured keys, or null when encryption at rest is off. Read live, parsed once per configuration. */
export function keyRing(): KeyRing | null {
  const inline = envVar("KEFU_ENCRYPTION_KEY");
  const file = envVar("KEFU_ENCRYPTION_KEY_FILE");
  const cipher = envVar("KEFU_ENCRYPTION_CIPHER");
  const spec = `${cipher}|${inline ?? ""}|${file ?? ""}`;
  if (cached?.spec === spec) return cached.ring;
  let ring: KeyRing | null = null;
  if (inline || file) {
    const where = inline ? "KEFU_ENCRYPTION_KEY" : `KEFU_ENCRYPTION_KEY_FILE (${file})`;
    const text = inline ?? readKeyFile(file as string);
    const keys = parseKeys(text, where);
    ring = { current: [...keys.keys()].at(-1) as string, cipher, keys };
  }
  cached = { spec, ring };
  return ring;
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`KEFU_ENCRYPTION_KEY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
}

export const encryptionEnabled = () => keyRing() !== null;
