// The chat frame's page (served by app/widget/frame/route.ts): static markup and styles, the bot's public look as
// JSON, and the headers that decide who may frame it. Server-only.
import type { PublicWidgetConfig } from "../access";
import { frameAncestors } from "../access";

const CSS = `*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#0f172a;background:#fff}
#kefu{display:flex;flex-direction:column;height:100%}
header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:var(--kefu);color:#fff}
.avatar{width:28px;height:28px;border-radius:50%;object-fit:cover;background:rgba(255,255,255,.3)}
.title{flex:1;font-weight:600;font-size:15px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.close,.human{border:0;background:transparent;color:#fff;border-radius:6px;cursor:pointer}
.close{font-size:22px;line-height:1;width:30px;height:30px}
.human{font:inherit;font-size:12px;padding:4px 8px;border:1px solid rgba(255,255,255,.6)}
.close:hover,.human:hover{background:rgba(255,255,255,.15)}
.note{padding:6px 14px;font-size:12px;color:#475569;background:#f1f5f9;text-align:center}
.list{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}
.m{max-width:82%;padding:8px 11px;border-radius:14px;overflow-wrap:anywhere}
.m.visitor .text{white-space:pre-wrap}
.m.visitor{align-self:flex-end;background:var(--kefu);color:#fff;border-bottom-right-radius:4px}
.m.bot,.m.agent{align-self:flex-start;background:#fff;border:1px solid #e2e8f0;border-bottom-left-radius:4px}
.m.agent{border-color:#86efac}
.m.system{align-self:center;max-width:95%;padding:2px 8px;font-size:12px;color:#64748b;background:none;text-align:center}
.m[data-state=pending]{opacity:.6}
.m[data-streaming=true] .text>:last-child::after{content:"▍";animation:c .8s steps(2) infinite}
@keyframes c{50%{opacity:0}}
.text p{margin:0 0 6px}.text p:last-child,.text ul:last-child,.text ol:last-child{margin-bottom:0}
.text ul,.text ol{margin:0 0 6px;padding-left:20px}
.text code{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f1f5f9;padding:1px 4px;border-radius:4px}
.text pre{margin:0 0 6px;padding:8px;background:#f1f5f9;border-radius:6px;overflow-x:auto;white-space:pre}
.text pre code{padding:0;background:none}
.text a{color:var(--kefu)}
.sources{margin-top:4px;font-size:11px;color:#64748b}
.past{display:flex;flex-direction:column;gap:8px;opacity:.75}.past .m{max-width:82%}
.divider{align-self:center;font-size:11px;color:#94a3b8}
.typing{align-self:flex-start;padding:10px 12px;background:#fff;border:1px solid #e2e8f0;border-radius:14px}
.typing i{display:inline-block;width:6px;height:6px;margin:0 2px;border-radius:50%;background:#94a3b8;animation:b 1s infinite}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes b{0%,60%,100%{opacity:.3}30%{opacity:1}}
.error{padding:6px 14px;font-size:12px;color:#b91c1c;background:#fef2f2}
.compose{display:flex;gap:8px;padding:10px;border-top:1px solid #e2e8f0}
textarea,.card input{flex:1;resize:none;max-height:120px;padding:8px 10px;border:1px solid #cbd5e1;border-radius:10px;font:inherit}
textarea:focus,.card input:focus{outline:2px solid #93c5fd;border-color:var(--kefu)}
.send,.card .primary{padding:0 14px;border:0;border-radius:10px;background:var(--kefu);color:#fff;font:inherit;font-weight:600;cursor:pointer}
.card{align-self:stretch;display:flex;flex-direction:column;gap:8px;padding:12px;background:#fff;border:1px solid #e2e8f0;border-radius:12px}
.card h3{margin:0;font-size:14px}.card p{margin:0;font-size:12px;color:#475569}
.card input,.card textarea{flex:none;width:100%}.card .primary{padding:8px 14px}
.stars{display:flex;gap:4px}.stars button{border:0;background:none;font-size:24px;line-height:1;color:#cbd5e1;cursor:pointer;padding:0 2px}
.stars button[aria-pressed=true]{color:#f59e0b}
[hidden]{display:none!important}`;

const HEX = /^#[0-9a-fA-F]{6}$/;

/** JSON inside a <script type="application/json"> element: "<" escaped so no text can close the element. */
const safeJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

export function framePage(config: PublicWidgetConfig | null, allowedOrigins: string[]) {
  const color = config && HEX.test(config.color) ? config.color : "#2563eb";
  let avatarOrigin = "";
  try {
    if (config?.avatarUrl) avatarOrigin = new URL(config.avatarUrl).origin;
  } catch {
    // an avatar URL that does not parse is not loaded: no origin is allowed for it
  }
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Chat</title>
<link rel="icon" href="data:,">
<style>:root{--kefu:${color}}
${CSS}</style>
</head>
<body>
<div id="kefu"></div>
<script type="application/json" id="kefu-config">${safeJson(config)}</script>
<script src="/widget-frame.js"></script>
</body>
</html>`;
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    // only the bot's avatar: images in messages are never loaded (they could carry data out), see markdown.ts
    `img-src data:${avatarOrigin ? ` ${avatarOrigin}` : ""}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors(allowedOrigins)}`,
  ].join("; ");
  return {
    html,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": csp,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    },
  };
}
