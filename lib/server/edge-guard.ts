import type { IncomingMessage, ServerResponse } from "node:http";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "../net/client-address";
import { crossOriginRefusal } from "./origin-check";
import { applySecurityHeaders } from "./security-headers";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// anything else (TRACE, CONNECT, made-up verbs) made Next answer 500
const METHODS = new Set([...SAFE_METHODS, "POST", "PUT", "PATCH", "DELETE"]);
// Authenticated by a bearer key or by nothing but a public widget key: no ambient cookie a page could ride on.
const NOT_COOKIE_AUTHENTICATED = ["/api/v1/", "/api/widget/"];
const JSON_APIS = ["/api/admin/", "/api/v1/"];
// file uploads: multipart, still behind the Origin check above
const MULTIPART_ALLOWED = new Set(["/api/admin/knowledge/imports", "/api/v1/knowledge/imports"]);

function refuse(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: { code, message } }));
  return true;
}

const hasBody = (req: IncomingMessage) =>
  Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;

function isJson(contentType: string) {
  const type = contentType.split(";")[0].trim().toLowerCase();
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

/**
 * Runs before Next on every request: security headers, the client's address for the rate limits, and the refusals of
 * cross-site state changes (CSRF) and of non-JSON bodies on the JSON APIs (a form or text/plain POST is what a page on
 * another site can send without asking). Returns true when it answered the request itself.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, dev: boolean): boolean {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.headers, req.socket.remoteAddress);
  applySecurityHeaders(req, res, dev);
  if (!METHODS.has(req.method ?? "")) {
    res.setHeader("allow", [...METHODS].join(", "));
    return refuse(res, 405, "method_not_allowed", `The method ${String(req.method).slice(0, 20)} is not supported`);
  }
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const path = (req.url ?? "/").split("?")[0];
  if (!NOT_COOKIE_AUTHENTICATED.some((p) => path.startsWith(p))) {
    const refusal = crossOriginRefusal(req.headers);
    if (refusal) return refuse(res, 403, "cross_origin", `Refused: ${refusal}`);
  }
  if (JSON_APIS.some((p) => path.startsWith(p)) && hasBody(req)) {
    const type = String(req.headers["content-type"] ?? "");
    if (!isJson(type) && !(MULTIPART_ALLOWED.has(path) && type.toLowerCase().startsWith("multipart/form-data"))) {
      return refuse(
        res,
        415,
        "unsupported_media_type",
        `Send the body as JSON (Content-Type: application/json), not ${type.split(";")[0] || "an untyped body"}`,
      );
    }
  }
  return false;
}
