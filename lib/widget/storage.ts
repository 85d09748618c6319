// Where the chat frame keeps the visitor token: its own origin's localStorage, or, where the browser blocks storage
// in third-party frames (Chromium with third-party cookies blocked throws SecurityError on localStorage), a
// partitioned cookie (CHIPS), which browsers keep for embedded sites even then. Both belong to Kefu's origin and are
// keyed by the top-level site, so the customer's page can read neither.

export type Saved = { visitorToken?: string; lastSeq?: number };

const MAX_AGE_S = 30 * 86400; // the visitor token's own lifetime

export const cookieName = (key: string) => `kefu_${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;

export function readCookie(all: string, name: string): string | undefined {
  for (const part of all.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
}

/** Path limits the cookie to the frame's page, so it never rides along on socket requests. */
export const cookieFor = (name: string, value: string, path: string, maxAge = MAX_AGE_S) =>
  `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${maxAge}; Secure; SameSite=None; Partitioned`;

function parse(raw: string | null | undefined): Saved {
  try {
    const v = JSON.parse(raw ?? "{}");
    return v && typeof v === "object" ? { visitorToken: typeof v.visitorToken === "string" ? v.visitorToken : undefined, lastSeq: Number(v.lastSeq) || 0 } : {};
  } catch {
    return {};
  }
}

export function visitorStore(key: string, doc: Document = document) {
  const lsKey = `kefu:${key}`;
  const name = cookieName(key);
  const path = location.pathname;
  let local: Storage | undefined;
  try {
    local = window.localStorage;
    local.getItem(lsKey); // blocked storage throws here, not only on access
  } catch {
    local = undefined;
  }
  let memory: Saved = {}; // last resort (plain http off localhost: no Secure cookie): this page view only
  return {
    kind: local ? "localStorage" : "cookie",
    load(): Saved {
      if (local) return parse(local.getItem(lsKey));
      const fromCookie = readCookie(doc.cookie, name);
      return fromCookie ? parse(fromCookie) : memory;
    },
    save(v: Saved) {
      memory = v;
      const raw = JSON.stringify(v);
      try {
        if (local) local.setItem(lsKey, raw);
        else doc.cookie = cookieFor(name, raw, path);
      } catch {}
    },
  };
}
