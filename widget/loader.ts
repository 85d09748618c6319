// public/widget.js: the script a customer embeds. It draws the launcher in a shadow root on the customer's page and
// opens the chat in an iframe served by Kefu. It holds no visitor state: the token and the conversation live in
// the frame's origin, out of the page's reach. Its one global is `window.Kefu`, the page API.
import { parseFrameToLoader, parseIdentity, type Identity, type LoaderToFrame, type PageEvent } from "./protocol";

type Config = { color?: string; position?: string; language?: string; name?: string };
type Api = {
  v: 1;
  open(): void;
  close(): void;
  identify(identity: Identity): void;
  reset(): void;
  on(name: string, fn: (detail: unknown) => void): void;
};
type KefuGlobal = Partial<Api> & { q?: [string, unknown[]][]; host?: HTMLElement };

const CSS = `:host{all:initial}
.l{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;margin:0;padding:0;border:0;border-radius:50%;background:var(--c);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.l:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#dc2626;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}
.p{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:370px;height:min(600px,calc(100vh - 108px));border-radius:14px;overflow:hidden;background:#fff;box-shadow:0 12px 40px rgba(0,0,0,.25)}
.left .l,.left .p{right:auto;left:20px}
[hidden]{display:none!important}
iframe{display:block;width:100%;height:100%;border:0}
@media (max-width:480px){.p,.left .p{right:0;left:0;bottom:0;width:100vw;height:100vh;border-radius:0}.p:not([hidden])~.l{display:none}}`;
const ICON = `<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/></svg>`;

const w = window as unknown as Window & { Kefu?: KefuGlobal };

function start() {
  const existing = w.Kefu;
  if (existing?.v) {
    // the script ran again (a single-page app re-inserted it): keep the one widget, put it back if it was removed
    if (existing.host && !existing.host.isConnected) document.body.append(existing.host);
    return;
  }
  const current = document.currentScript as HTMLScriptElement | null; // null when async and already finished
  const script = current?.dataset.kefuKey
    ? current
    : document.querySelector<HTMLScriptElement>("script[data-kefu-key]");
  const key = script?.dataset.kefuKey;
  if (!script?.src || !key) return void console.warn("[kefu] widget: no <script data-kefu-key> found");
  const origin = new URL(script.src, location.href).origin;
  const listeners: Record<string, ((d: unknown) => void)[]> = {};
  const emit = (name: string, detail: unknown) => {
    for (const fn of listeners[name] ?? []) fn(detail);
    window.dispatchEvent(new CustomEvent(`kefu:${name}`, { detail }));
  };
  const fail = (code: string, message: string) => {
    console.error(`[kefu] ${message}`);
    emit("error", { code, message });
  };
  // the page flag only says "this visitor has a conversation here"; nothing in it identifies them
  const flagKey = `kefu:${key}`;
  const flag = (on?: boolean) => {
    try {
      if (on === undefined) return localStorage.getItem(flagKey) === "1";
      if (on) localStorage.setItem(flagKey, "1");
      else localStorage.removeItem(flagKey);
    } catch {
      // storage blocked (privacy settings, sandboxed page): the flag just is not remembered
    }
    return false;
  };

  let host: HTMLElement | undefined;
  let panel: HTMLElement | undefined;
  let launcher: HTMLButtonElement | undefined;
  let badge: HTMLElement | undefined;
  let frame: HTMLIFrameElement | undefined;
  let frameReady = false;
  let identity: Identity | undefined;
  let wantOpen = false;
  let resetPending = false;
  let lang = "en";
  const title = document.title;
  let unread = 0;

  const post = (m: LoaderToFrame) => frameReady && frame?.contentWindow?.postMessage(m, origin);
  const isOpen = () => !!panel && !panel.hidden;
  const ensureFrame = (reset = false) => {
    if (frame || !panel) return;
    // created when first needed, so a page view that never chats costs one tiny script
    frame = document.createElement("iframe");
    frame.title = "Kefu chat";
    frame.src = `${origin}/widget/frame?key=${encodeURIComponent(key)}&origin=${encodeURIComponent(location.origin)}${reset ? "&reset=1" : ""}`;
    panel.append(frame);
  };
  const setOpen = (open: boolean) => {
    wantOpen = open;
    if (!panel || !launcher) return;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute(
      "aria-label",
      lang === "zh" ? (open ? "关闭对话" : "打开对话") : open ? "Close chat" : "Open chat",
    );
    if (open) {
      ensureFrame();
      document.title = title;
      post({ kefu: 1, type: "page", url: location.href });
    }
    post({ kefu: 1, type: "visibility", open });
  };
  const notify = () => {
    document.title = `(${unread}) ${title}`;
    try {
      // a short two-tone chime; browsers allow it once the visitor interacted with the page, else it stays silent
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.setValueAtTime(880, ctx.currentTime);
      osc.frequency.setValueAtTime(660, ctx.currentTime + 0.12);
      gain.gain.setValueAtTime(0.08, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.3);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.3);
      osc.onended = () => void ctx.close();
    } catch {
      // no audio allowed on this page: the unread badge still shows
    }
  };

  const api: Api = {
    v: 1,
    open: () => setOpen(true),
    close: () => setOpen(false),
    identify(input) {
      const id = parseIdentity(input);
      if (!id) return fail("bad_identity", "Kefu.identify needs { userId, signature } (strings); nothing was sent");
      identity = id;
      ensureFrame();
      post({ kefu: 1, type: "identify", ...id });
    },
    reset() {
      identity = undefined;
      if (!panel) return void (resetPending = true);
      unread = 0;
      flag(false);
      if (badge) badge.hidden = true;
      document.title = title;
      if (frame && frameReady) post({ kefu: 1, type: "reset" });
      else if (frame) {
        // not loaded yet: load it again, told to forget
        frame.remove();
        frame = undefined;
        ensureFrame(true);
      } else ensureFrame(true);
    },
    on(name, fn) {
      (listeners[name] ??= []).push(fn);
    },
  };
  const queued = existing?.q ?? [];
  w.Kefu = api;

  window.addEventListener("message", (e) => {
    // only our own frame may talk to us
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow) return;
    const m = parseFrameToLoader(e.data);
    if (!m) return;
    if (m.type === "ready") {
      frameReady = true;
      post({ kefu: 1, type: "page", url: location.href });
      if (identity) post({ kefu: 1, type: "identify", ...identity });
      post({ kefu: 1, type: "visibility", open: isOpen() });
    }
    if (m.type === "close") setOpen(false), launcher?.focus();
    if (m.type === "active") flag(m.on);
    if (m.type === "event") {
      const { name, code, message } = m as PageEvent;
      if (name === "error") fail(code ?? "error", message ?? "error");
      else emit(name, {});
    }
    if (m.type === "unread" && badge) {
      const more = m.count > unread && !isOpen();
      unread = m.count;
      badge.textContent = String(m.count);
      badge.hidden = m.count === 0;
      if (more) notify();
      else if (!m.count) document.title = title;
    }
  });
  const onNav = () => post({ kefu: 1, type: "page", url: location.href });
  window.addEventListener("popstate", onNav);
  window.addEventListener("hashchange", onNav);

  fetch(`${origin}/api/widget/config?key=${encodeURIComponent(key)}`)
    .then(async (res) => {
      // a body that is not JSON is an empty one: fail() below names the HTTP status
      const body = (await res.json().catch(() => ({}))) as {
        config?: Config;
        error?: { code?: string; message?: string };
      };
      if (!res.ok || !body.config)
        return fail(
          body.error?.code ?? "unavailable",
          `widget: ${body.error?.message ?? `the chat is not available (HTTP ${res.status})`}`,
        );
      draw(body.config);
    })
    .catch(() => fail("unavailable", "widget: Kefu could not be reached"));

  function draw(config: Config) {
    const browserZh = /^zh\b/i.test(navigator.language || "");
    lang = config.language === "zh-CN" || (config.language !== "en" && browserZh) ? "zh" : "en";
    host = document.createElement("kefu-widget");
    // inline, so page rules on the host cannot restyle it
    host.setAttribute(
      "style",
      `all:initial;--c:${/^#[0-9a-f]{6}$/i.test(config.color ?? "") ? config.color : "#2563eb"}`,
    );
    const root = host.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${CSS}</style><div class="${config.position === "left" ? "left" : ""}"><div class="p" data-testid="kefu-panel" hidden></div><button class="l" type="button" data-testid="kefu-launcher" aria-expanded="false">${ICON}<span class="b" data-testid="kefu-badge" hidden></span></button></div>`;
    panel = root.querySelector<HTMLElement>(".p")!;
    launcher = root.querySelector<HTMLButtonElement>(".l")!;
    badge = root.querySelector<HTMLElement>(".b")!;
    launcher.onclick = () => setOpen(!isOpen());
    (api as KefuGlobal).host = host;
    document.body.append(host);
    setOpen(wantOpen);
    // a visitor with a conversation here gets the frame now, so replies arrive (badge, sound) while it is closed
    if (resetPending || flag() || identity) ensureFrame(resetPending);
  }

  for (const [name, args] of queued) (api as unknown as Record<string, (...a: unknown[]) => void>)[name]?.(...args);
}

if (document.body) start();
else document.addEventListener("DOMContentLoaded", start);
