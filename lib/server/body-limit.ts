import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_IMPORT_BYTES } from "../knowledge/import/types";

// Upper bounds on a request body, enforced while it streams in (the routes' own, finer limits still apply after).
// A route read the whole body before checking its size: a 600 MB body answered 500 and four 200 MB bodies took
// 1.6 GB. JSON routes take at most 1,000,000 characters, up to 4 bytes each in UTF-8; an import takes a file of
// MAX_IMPORT_BYTES plus room for the multipart envelope.
export const JSON_BODY_LIMIT = 4 * 1024 * 1024;
export const IMPORT_BODY_LIMIT = MAX_IMPORT_BYTES + 64 * 1024;
const IMPORT_PATHS = new Set(["/api/admin/knowledge/imports", "/api/v1/knowledge/imports"]);
// a client that keeps sending after its 413 is cut off after this long
const DRAIN_MS = 5_000;

export const bodyLimitFor = (path: string) =>
  IMPORT_PATHS.has(path.replace(/\/+$/, "")) ? IMPORT_BODY_LIMIT : JSON_BODY_LIMIT;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Counts the request's body bytes as the socket delivers them, before Next reads any: past the limit (or with a
 * Content-Length over it) the request is answered 413 with a JSON error and the rest of the body is dropped, never
 * buffered. Returns true when the request was refused up front (do not hand it on).
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "/").split("?")[0];
  const limit = bodyLimitFor(path);
  let received = 0;
  let refused = false;
  const refuse = () => {
    refused = true;
    if (!res.headersSent) {
      res.writeHead(413, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(
        JSON.stringify({
          error: {
            code: "too_long",
            message: `The request body is larger than ${mb(limit)} MB, the limit for ${path}`,
          },
        }),
      );
    }
    setTimeout(() => req.socket.destroy(), DRAIN_MS).unref();
  };
  const push = req.push.bind(req);
  // the HTTP parser hands every body chunk to push(): counting there sees the bytes before any reader buffers them
  req.push = (chunk: Buffer | null, encoding?: BufferEncoding) => {
    if (chunk === null) return refused ? true : push(null, encoding);
    if (refused) return true;
    received += chunk.length;
    if (received <= limit) return push(chunk, encoding);
    refuse();
    return push(null); // the reader (if any) sees the body end here; what follows is dropped
  };
  if (Number(req.headers["content-length"]) > limit) {
    refuse();
    req.resume();
    return true;
  }
  return false;
}
