// A minimal socket.io client for the load generator of `npm run bench:chat`: the socket.io v5 / engine.io v4 wire
// protocol straight over one `ws` websocket, one namespace per connection. socket.io-client's parser, emitter and
// reconnection machinery cost the clients more CPU than the servers they measure on a 2-core machine; this speaks
// the same packets (the servers cannot tell the difference) at a fraction of the cost.
import WebSocket from "ws";

type Ack = (payload: any) => void;

export class WireSocket {
  private ws: WebSocket;
  private nextAck = 0;
  private acks = new Map<number, Ack>();
  private handlers = new Map<string, (payload: any) => void>();
  /** Raw event frames by event name, unparsed: counting them needs no JSON (see `count`). */
  private counters = new Map<string, { prefix: string; n: number }>();
  private early = new Map<string, any>();
  private raw = new Map<string, (body: string) => void>();
  private prefix: string;
  closed = false;

  private constructor(
    ws: WebSocket,
    private nsp: string,
  ) {
    this.ws = ws;
    this.prefix = nsp === "/" ? "" : `${nsp},`;
  }

  /** Connects to `nsp` with `auth`; resolves once the namespace accepted it, rejects with the server's refusal. */
  static connect(url: string, nsp: string, auth: object, headers: Record<string, string> = {}): Promise<WireSocket> {
    const wsUrl = `${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(wsUrl, { headers, perMessageDeflate: false });
    const s = new WireSocket(ws, nsp);
    return new Promise((resolve, reject) => {
      ws.on("error", (err) => reject(err));
      ws.on("close", () => ((s.closed = true), reject(new Error("closed before connect"))));
      ws.on("message", (data: Buffer) => {
        const frame = data.toString();
        if (frame[0] === "0") return void ws.send(`40${s.prefix}${JSON.stringify(auth)}`);
        if (frame === "2") return void ws.send("3"); // ping → pong
        if (frame[0] !== "4") return;
        const t = frame[1];
        const body = frame.slice(2 + s.prefix.length);
        if (t === "0") resolve(s);
        else if (t === "4") reject(Object.assign(new Error("connect_error"), { data: JSON.parse(body).data }));
        else if (t === "2") s.onEvent(body);
        else if (t === "3") s.onAck(body);
      });
    });
  }

  private onEvent(body: string) {
    // `["name",…`: the name is the first JSON string
    const end = body.indexOf('"', 2);
    const name = body.slice(2, end);
    const c = this.counters.get(name);
    if (c) c.n++;
    const raw = this.raw.get(name);
    if (raw) return raw(body);
    const h = this.handlers.get(name);
    if (h) h(JSON.parse(body)[1]);
    // an event before its handler (several frames arrive in one tick): kept for `once`
    else if (!c) this.early.set(name, JSON.parse(body)[1]);
  }

  private onAck(body: string) {
    const bracket = body.indexOf("[");
    const id = Number(body.slice(0, bracket));
    const cb = this.acks.get(id);
    if (!cb) return;
    this.acks.delete(id);
    // `[{"ok":true,…,"conversationId":"…"}]`, the common answer of both servers, is read without JSON.parse (the
    // load generator shares the cores with the servers it measures); anything else is parsed
    if (body.startsWith('[{"ok":true,', bracket)) {
      const conversationId = stringField(body, "conversationId");
      if (conversationId !== undefined) return cb({ ok: true, conversationId });
    }
    cb(JSON.parse(body.slice(bracket))[0]);
  }

  /** `handler` gets the event's frame unparsed (`["event",payload]`): for counting without JSON.parse. */
  onRaw(event: string, handler: (body: string) => void) {
    this.raw.set(event, handler);
  }

  on(event: string, handler: (payload: any) => void) {
    this.handlers.set(event, handler);
  }

  once(event: string): Promise<any> {
    if (this.early.has(event)) {
      const p = this.early.get(event);
      this.early.delete(event);
      return Promise.resolve(p);
    }
    return new Promise((resolve) => this.on(event, (p) => (this.handlers.delete(event), resolve(p))));
  }

  /** Counts `event` frames without parsing them. */
  count(event: string) {
    const c = { prefix: event, n: 0 };
    this.counters.set(event, c);
    return c;
  }

  /** Sends a frame whose JSON (`["event",payload]`) the caller built. */
  emitRaw(json: string, ack: Ack) {
    const id = this.nextAck++;
    this.acks.set(id, ack);
    this.ws.send(`42${this.prefix}${id}${json}`);
  }

  emit(event: string, payload: object, ack?: Ack) {
    if (!ack) return void this.ws.send(`42${this.prefix}${JSON.stringify([event, payload])}`);
    const id = this.nextAck++;
    this.acks.set(id, ack);
    this.ws.send(`42${this.prefix}${id}${JSON.stringify([event, payload])}`);
  }

  emitWithAck(event: string, payload: object, timeoutMs: number): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("ack timeout")), timeoutMs);
      this.emit(event, payload, (a) => (clearTimeout(timer), resolve(a)));
    });
  }

  close() {
    this.closed = true;
    this.ws.close();
  }
}

/** The value of `"name":"…"` in a JSON text, when it is a string without escapes. */
export function stringField(json: string, name: string): string | undefined {
  const key = `"${name}":"`;
  const at = json.indexOf(key);
  if (at < 0) return undefined;
  const start = at + key.length;
  const end = json.indexOf('"', start);
  const value = json.slice(start, end);
  return value.includes("\\") ? undefined : value;
}
