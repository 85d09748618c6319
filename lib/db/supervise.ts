import type { ChildProcess } from "node:child_process";
import { restartDelayMs } from "../backoff";

export type PostgresOutput = { add: (message: string) => void; clear: () => void; tail: (n?: number) => string };

/**
 * Keeps the embedded PostgreSQL running: when its process ends without Kefu asking (killed, crashed, OOM), it is
 * started again with a growing delay (250 ms doubling up to 30 s) until it is back. One log line when it goes,
 * one when it is back (with the reason of the first failed start, if any), never one per attempt.
 * `beforeRestart` clears what the dead server left behind (a stale lock).
 */
export function superviseEmbedded(
  pg: object,
  start: () => Promise<void>,
  log: (m: string) => void,
  beforeRestart: () => void,
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const child = () => (pg as unknown as { process?: ChildProcess }).process;
  const watch = () => {
    const proc = child();
    proc?.once("exit", (code, signal) => {
      if (stopped || child() !== proc) return;
      log(`⚠ PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}): restarting it`);
      void restart(Date.now());
    });
  };

  const restart = async (since: number) => {
    let firstFailure: string | undefined;
    for (let attempt = 0; !stopped; attempt++) {
      await new Promise<void>((resolve) => (timer = setTimeout(resolve, restartDelayMs(attempt))));
      if (stopped) return;
      try {
        beforeRestart();
        await start();
        log(
          `PostgreSQL is running again (down ${((Date.now() - since) / 1000).toFixed(1)} s${firstFailure ? `; the first restart failed: ${firstFailure}` : ""})`,
        );
        watch();
        return;
      } catch (err) {
        firstFailure ??= (err as Error).message;
      }
    }
  };

  watch();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
