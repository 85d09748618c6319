import { ZodError } from "zod";
import { toKefuError } from "../errors";
import type { Ack } from "./schemas";

/** Runs a socket handler and answers its ack: `{ ok: true, ...result }` or `{ ok: false, error: { code, message } }`. */
export function handle<T extends object>(ack: unknown, context: string, run: () => Promise<T>) {
  const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => {};
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
