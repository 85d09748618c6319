// public/widget.js: the script a customer embeds. It draws the launcher in a shadow root on the customer's page and
// opens the chat in an iframe served by Kefu. It holds no visitor state: the token and the conversation live in
// the frame's origin, out of the page's reach.
import { parseFrameToLoader, type LoaderToFrame } from "./protocol";

const CSS = `:host{all:initial}
.l{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;margin:0;padding:0;border:0;border-radius:50%;background:#2563eb;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.l:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#dc2626;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}
.p{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:370px;height:min(600px,calc(100vh - 108px));border-radius:14px;overflow:hidden;background:#fff;box-shadow:0 12px 40px rgba(0,0,0,.25)}
[hidden]{display:none!important}
iframe{display:block;width:100%;height:100%;border:0}
@media (max-width:480px){.p{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}.p:not([hidden])~.l{display:none}}`;
const ICON = `<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/></svg>`;

function start() {
  const w = window as Window & { __kefu?: 1 };
  if (w.__kefu) return; // the snippet pasted twice
  const current = document.currentScript as HTMLScriptElement | null; // null when async and already finished
  const script = current?.dataset.kefuKey ? current : document.querySelector<HTMLScriptElement>("script[data-kefu-key]");
  const key = script?.dataset.kefuKey;
  if (!script?.src || !key) return void console.warn("[kefu] widget: no <script data-kefu-key> found");
  w.__kefu = 1;
  const origin = new URL(script.src, location.href).origin;

  const host = document.createElement("kefu-widget");
  host.setAttribute("style", "all:initial"); // inline, so page rules on the host cannot restyle it
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>${CSS}</style><div class="p" data-testid="kefu-panel" hidden></div><button class="l" type="button" data-testid="kefu-launcher" aria-label="Open chat" aria-expanded="false">${ICON}<span class="b" hidden></span></button>`;
  const panel = root.querySelector<HTMLElement>(".p")!;
  const launcher = root.querySelector<HTMLButtonElement>(".l")!;
  const badge = root.querySelector<HTMLElement>(".b")!;
  let frame: HTMLIFrameElement | undefined;

  const tell = () => frame?.contentWindow?.postMessage({ kefu: 1, type: "visibility", open: !panel.hidden } satisfies LoaderToFrame, origin);
  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    if (open && !frame) {
      // created on first open, so a page view that never chats costs one tiny script
      frame = document.createElement("iframe");
      frame.title = "Kefu chat";
      frame.src = `${origin}/widget-frame.html?key=${encodeURIComponent(key)}&origin=${encodeURIComponent(location.origin)}`;
      panel.append(frame);
    }
    tell();
  };
  launcher.onclick = () => setOpen(panel.hidden);

  window.addEventListener("message", (e) => {
    // only our own frame may talk to us
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow) return;
    const m = parseFrameToLoader(e.data);
    if (m?.type === "ready") tell();
    if (m?.type === "close") setOpen(false), launcher.focus();
    if (m?.type === "unread") {
      badge.textContent = String(m.count);
      badge.hidden = m.count === 0;
    }
  });
  document.body.append(host);
}

if (document.body) start();
else document.addEventListener("DOMContentLoaded", start);
