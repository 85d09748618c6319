import crypto from "node:crypto";
import { envVar } from "../env";
import type { IncomingMessage, ServerResponse } from "node:http";
import { servedOverHttps } from "../net/client-address";

// The chat frame is embedded by customers' sites and sends its own CSP with their origins in frame-ancestors
// (app/widget/frame/route.ts); every other page is ours alone and may not be framed (clickjacking).
const EMBEDDABLE = new Set(["/widget/frame"]);

function publicOrigin(): string {
  try {
    const url = envVar("KEFU_PUBLIC_URL");
    return url ? new URL(url).origin : "";
  } catch {
    return "";
  }
}

/** The CSP of our own pages: Next's inline bootstrap scripts carry the per-request nonce, everything else is 'self'. */
export function pagePolicy(nonce: string, dev: boolean): string {
  const own = ["'self'", publicOrigin()].filter(Boolean).join(" ");
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for `npm run dev` (React's dev tooling); never in production
    `script-src ${own} 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    // React's style={…} attributes are inline styles; styles cannot run code
    "style-src 'self' 'unsafe-inline'",
    `img-src ${own} data: blob:`,
    "font-src 'self' data:",
    `connect-src ${own}`,
    `frame-src ${own}`, // the demo page shows the widget's frame
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers every answer carries, set before Next writes its own (a route that sets the same header wins). For pages the
 * nonce is also put on the request's CSP header, which is where Next reads it to mark its own scripts.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, dev: boolean) {
  const path = (req.url ?? "/").split("?")[0];
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "same-origin");
  if (servedOverHttps(req.headers, !!(req.socket as { encrypted?: boolean }).encrypted)) {
    res.setHeader("strict-transport-security", "max-age=31536000");
  }
  if (EMBEDDABLE.has(path)) return;
  res.setHeader("x-frame-options", "DENY");
  if (path.startsWith("/api/") || path.startsWith("/_next/static/")) {
    res.setHeader("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    return;
  }
  const policy = pagePolicy(crypto.randomBytes(16).toString("base64"), dev);
  req.headers["content-security-policy"] = policy;
  res.setHeader("content-security-policy", policy);
}
