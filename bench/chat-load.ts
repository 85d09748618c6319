// A worker thread of `npm run bench:chat`: a share of the visitors, as real socket.io clients.
// Phase 1 connects them (and, for the load, opens each one's conversation with a first message); phase 2 sends at a
// steady rate and measures each ack; "idle" mode only holds connections open.
import { parentPort, workerData } from "node:worker_threads";
import { WireSocket } from "./chat-wire";

type Data = { url: string; key: string; count: number; idle: boolean; wid: number };
const { url, key, count, idle, wid } = workerData as Data;
const port = parentPort!;
const sockets: WireSocket[] = [];
const echoCounters: { n: number }[] = [];
const conversationIds: string[] = [];

async function connectAll() {
  let next = 0;
  let failed = 0;
  const one = async () => {
    while (next < count) {
      const i = next++;
      const socket = await WireSocket.connect(url, "/visitor", { key }).catch(() => null);
      if (!socket || !(await socket.once("session"))) {
        failed++;
        continue;
      }
      sockets[i] = socket;
      if (!idle) {
        const ack = await socket
          .emitWithAck("message", { clientId: `hello-${wid}-${i}`, text: "hello" }, 30_000)
          .catch(() => null);
        conversationIds[i] = ack?.ok ? ack.conversationId : "";
        echoCounters.push(socket.count("message"));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(idle ? 100 : 50, count) }, one));
  return failed;
}

async function load(rate: number, seconds: number) {
  const live = sockets.filter(Boolean);
  const latencies: number[] = [];
  const ackConv: string[] = [];
  const ackClient: string[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let outstanding = 0;
  let lastAckAt = 0;
  echoCounters.forEach((c) => (c.n = 0));
  const budget = new Float64Array(live.length);
  const startedAt = Date.now();
  const end = startedAt + seconds * 1000;
  let last = performance.now();
  const textJson = JSON.stringify("Hello, I would like to know where my order is.");
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const dt = (now - last) / 1000;
      last = now;
      for (let v = 0; v < live.length; v++) {
        budget[v] += rate * dt;
        while (budget[v] >= 1) {
          budget[v] -= 1;
          const socket = live[v];
          const clientId = `${wid}-${v}-${sent++}`;
          const t0 = performance.now();
          outstanding++;
          socket.emitRaw(
            `["message",{"clientId":"${clientId}","text":${textJson}}]`,
            (ack: { ok: boolean; conversationId?: string; error?: { code: string } }) => {
              outstanding--;
              lastAckAt = Date.now();
              if (ack.ok) {
                latencies.push(performance.now() - t0);
                ackConv.push(ack.conversationId!);
                ackClient.push(clientId);
              } else errors[ack.error!.code] = (errors[ack.error!.code] ?? 0) + 1;
            },
          );
        }
      }
      if (Date.now() < end) setTimeout(tick, 5);
      else resolve();
    };
    tick();
  });
  const drainUntil = Date.now() + 20_000;
  while (outstanding > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300)); // the last fan-out events
  const echoes = echoCounters.reduce((n, c) => n + c.n, 0);
  return { sent, unanswered: outstanding, errors, latencies, ackConv, ackClient, startedAt, lastAckAt, echoes };
}

port.on("message", async (m: { type: string; rate?: number; seconds?: number }) => {
  if (m.type === "go") port.postMessage({ type: "done", ...(await load(m.rate!, m.seconds!)) });
  if (m.type === "close") {
    sockets.forEach((s) => s?.close());
    port.postMessage({ type: "closed" });
  }
});

void connectAll().then((failed) =>
  port.postMessage({
    type: "ready",
    failed,
    connected: sockets.filter(Boolean).length,
    conversationIds: conversationIds.filter(Boolean),
  }),
);
