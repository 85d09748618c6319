import { z } from "zod";
import { KefuError } from "./errors";

// PostgreSQL text cannot hold U+0000 (a NUL in a field became a 500, and `internal`, which widgets retry forever),
// and a lone UTF-16 surrogate is not text at all. Both are the caller's mistake: refused as bad input, naming where.
export const UNSAFE_TEXT = "contains a NUL character or text that is not valid Unicode";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isSafeText = (s: string) => !s.includes("\u0000") && !LONE_SURROGATE.test(s);

/** A string schema that refuses unsafe text; for schemas whose strings do not pass through `assertSafeInput`. */
export const safeString = () => z.string().refine(isSafeText, UNSAFE_TEXT);

/** The path ("entries.2.title") of the first string in a JSON-like value (keys included) that is not safe text. */
export function unsafeTextAt(value: unknown, path: string[] = [], depth = 0): string | undefined {
  const here = () => path.join(".") || "value";
  if (typeof value === "string") return isSafeText(value) ? undefined : here();
  if (!value || typeof value !== "object" || depth > 64) return undefined;
  for (const [key, inner] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (typeof key === "string" && !isSafeText(key)) return here();
    const found = unsafeTextAt(inner, [...path, String(key)], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Throws `bad_request` naming the field when any string in `value` is unsafe; `root` names a bare string. */
export function assertSafeInput(value: unknown, root = "body") {
  const at = unsafeTextAt(value);
  if (at) throw new KefuError("bad_request", `${at === "value" ? root : at}: ${UNSAFE_TEXT}`);
}
