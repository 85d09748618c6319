// Where the chat frame keeps the visitor token: its own origin's localStorage, or, where the browser blocks storage
// in third-party frames (Chromium with third-party cookies blocked throws SecurityError on localStorage), a
// partitioned cookie (CHIPS), which browsers keep for embedded sites even then. Both belong to Kefu's origin and are
// keyed by the top-level site, so the customer's page can read neither.

/** A message typed but not yet acknowledged: kept so a reload or a closed tab resends it (same client id: stored once). */
export type Outgoing = { clientId: string; text: string };
export type Saved = { visitorToken?: string; lastSeq?: number; outbox?: Outgoing[] };

const MAX_OUTBOX = 20;
// a cookie holds about 4 KB with its name and attributes; the outbox gives way, the token and position never do
const MAX_COOKIE_VALUE = 3_500;

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

const isOutgoing = (o: unknown): o is Outgoing =>
  !!o &&
  typeof (o as Outgoing).clientId === "string" &&
  (o as Outgoing).clientId.length <= 100 &&
  typeof (o as Outgoing).text === "string";

export function parse(raw: string | null | undefined): Saved {
  try {
    const v = JSON.parse(raw ?? "{}");
    if (!v || typeof v !== "object") return {};
    const outbox = Array.isArray(v.outbox)
      ? v.outbox
          .filter(isOutgoing)
          .slice(0, MAX_OUTBOX)
          .map((o: Outgoing) => ({ clientId: o.clientId, text: o.text }))
      : [];
    return {
      visitorToken: typeof v.visitorToken === "string" ? v.visitorToken : undefined,
      lastSeq: Number(v.lastSeq) || 0,
      ...(outbox.length ? { outbox } : {}),
    };
  } catch {
    return {};
  }
}

/** What goes into the cookie: the outbox loses its newest messages until the encoded value fits. */
export function cookieValue(v: Saved): string {
  const outbox = (v.outbox ?? []).slice(0, MAX_OUTBOX);
  for (let n = outbox.length; ; n--) {
    const raw = JSON.stringify({ ...v, outbox: n ? outbox.slice(0, n) : undefined });
    if (n === 0 || encodeURIComponent(raw).length <= MAX_COOKIE_VALUE) return raw;
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
      try {
        if (local) local.setItem(lsKey, JSON.stringify({ ...v, outbox: v.outbox?.slice(0, MAX_OUTBOX) }));
        else doc.cookie = cookieFor(name, cookieValue(v), path);
      } catch {
        // storage full or blocked: the visitor gets a new token on the next visit, as without storage
      }
    },
  };
}
