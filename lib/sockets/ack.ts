import { ZodError } from "zod";
import { toKefuError } from "../errors";
import { UNSAFE_TEXT, unsafeTextAt } from "../safe-text";
import type { Ack } from "./schemas";
import { metrics } from "../metrics";

// one labelled child per event and outcome: looking labels up on every ack cost CPU on the message hot path
const ackTimers = new Map<string, { observe: (seconds: number) => void }>();
function observeAck(event: string, ok: boolean, seconds: number) {
  const key = `${event}\n${ok}`;
  let h = ackTimers.get(key);
  if (!h) ackTimers.set(key, (h = metrics().acks.labels({ event, ok: ok ? "1" : "0" })));
  h.observe(seconds);
}

/** Runs a socket handler and answers its ack: `{ ok: true, ...result }` or `{ ok: false, error: { code, message } }`. */
export function handle<T extends object>(ack: unknown, context: string, run: () => Promise<T>) {
  const answer: Ack = typeof ack === "function" ? (ack as Ack) : () => {};
  const started = performance.now();
  const reply: Ack = (result) => {
    observeAck(context, result.ok, (performance.now() - started) / 1000);
    answer(result);
  };
  run().then(
    (result) => reply({ ok: true, ...result }),
    (err) => {
      if (err instanceof ZodError) {
        const message = err.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
        return reply({ ok: false, error: { code: "bad_request", message } });
      }
      reply({ ok: false, error: toKefuError(err, context).toJSON() });
    },
  );
}

export function connectError(code: string, message: string) {
  const err = new Error(message) as Error & { data: { code: string; message: string } };
  err.data = { code, message };
  return err;
}

/**
 * Socket middleware (`socket.use`): an event whose payload holds a NUL or broken text is answered `bad_request`
 * naming the field before any handler runs. `internal` would tell the widget to send it again, forever.
 */
export function refuseUnsafeText([, ...args]: unknown[], next: (err?: Error) => void) {
  const ack = typeof args.at(-1) === "function" ? (args.pop() as Ack) : undefined;
  const at = unsafeTextAt(args.length === 1 ? args[0] : args);
  if (!at) return next();
  ack?.({ ok: false, error: { code: "bad_request", message: `${at === "value" ? "payload" : at}: ${UNSAFE_TEXT}` } });
}
