import type { IncomingMessage, ServerResponse } from "node:http";
import { isSafeText, UNSAFE_TEXT, unsafeTextAt } from "../safe-text";

/**
 * Pages (everything outside /api, whose routes name the field themselves): a NUL or broken text in the URL's path
 * or query is answered 400 here, before a page hands it to the database and renders a 500.
 */
export function refuseUnsafeUrl(req: IncomingMessage, res: ServerResponse): boolean {
  const raw = req.url ?? "/";
  if (!raw.includes("%") || raw.startsWith("/api/")) return false; // a NUL can only arrive percent-encoded
  let where: string | undefined;
  try {
    const url = new URL(raw, "http://kefu.invalid");
    if (!isSafeText(decodeURIComponent(url.pathname))) where = "path";
    else where = unsafeTextAt(Object.fromEntries(url.searchParams));
  } catch {
    where = "path"; // a percent sign not followed by two hex digits
  }
  if (!where) return false;
  res.writeHead(400, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: { code: "bad_request", message: `${where}: ${UNSAFE_TEXT}` } }));
  return true;
}
