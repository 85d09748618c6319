import crypto from "node:crypto";
import { io, type Socket } from "socket.io-client";

type Ack =
  | { ok: true; id: string; seq: number; conversationId: string }
  | { ok: false; error: { code: string; message: string } };

/**
 * A widget-like visitor that never gives up on a message: each has a client id, is sent until acknowledged (on a
 * timeout or an error ack it is sent again with the same id), and the socket reconnects by itself with its token.
 */
export class StubbornVisitor {
  socket: Socket;
  token?: string;
  conversationId?: string;
  acked = new Map<string, { id: string; seq: number }>();
  pending = new Map<string, string>(); // clientId → text
  errors = new Map<string, number>(); // error code → count
  timeouts = 0;
  restarting: { retryInMs: number }[] = [];
  private sent = 0;

  constructor(url: string, key: string, lastSeq = 0) {
    this.socket = io(`${url}/visitor`, {
      auth: { key, lastSeq },
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.socket.on("session", (s: { visitorToken: string; conversationId: string | null }) => {
      this.token = s.visitorToken;
      this.conversationId ??= s.conversationId ?? undefined;
      (this.socket.auth as Record<string, unknown>).token = s.visitorToken;
    });
    this.socket.on("server:restarting", (hint: { retryInMs: number }) => this.restarting.push(hint));
  }

  ready() {
    return new Promise<void>((resolve, reject) => {
      if (this.token) return resolve();
      this.socket.once("session", () => resolve());
      this.socket.once("connect_error", reject);
    });
  }

  /** Sends a new message (or resends one) and waits for its ack; answers whether it was acknowledged. */
  async send(text?: string, clientId?: string): Promise<boolean> {
    const id = clientId ?? `c${this.sent++}-${crypto.randomUUID()}`;
    const body = text ?? this.pending.get(id) ?? `message ${id}`;
    this.pending.set(id, body);
    if (!this.socket.connected) return false;
    try {
      const ack = (await this.socket.timeout(3_000).emitWithAck("message", { clientId: id, text: body })) as Ack;
      if (ack.ok) {
        this.pending.delete(id);
        this.conversationId ??= ack.conversationId;
        const before = this.acked.get(id);
        if (before && (before.id !== ack.id || before.seq !== ack.seq))
          throw new Error(`a resend of ${id} answered another message`);
        this.acked.set(id, { id: ack.id, seq: ack.seq });
        return true;
      }
      this.errors.set(ack.error.code, (this.errors.get(ack.error.code) ?? 0) + 1);
      return false;
    } catch {
      this.timeouts++;
      return false;
    }
  }

  /** Resends everything not yet acknowledged until all is, or the time is up. */
  async flush(timeoutMs = 30_000) {
    const end = Date.now() + timeoutMs;
    while (this.pending.size && Date.now() < end) {
      if (!this.socket.connected) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      await Promise.all([...this.pending.keys()].map((id) => this.send(undefined, id)));
    }
    return this.pending.size === 0;
  }

  close() {
    this.socket.close();
  }
}
