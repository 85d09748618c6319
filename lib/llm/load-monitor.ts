import os from "node:os";
import { metrics } from "../metrics";
import { sampleLightSwitch } from "../metrics/model-history";
import { envVar } from "../env";
import { log } from "../log";

export type LoadSample = { cpu: number; queueWaitMs: number };
export type LoadPolicy = {
  cpuHigh: number;
  cpuLow: number;
  queueWaitMs: number;
  enterAfter: number;
  leaveAfter: number;
};

export const defaultPolicy = (): LoadPolicy => ({
  cpuHigh: envVar("KEFU_DEGRADE_CPU"),
  cpuLow: envVar("KEFU_DEGRADE_CPU") - 0.15, // hysteresis: leave only well below the threshold
  queueWaitMs: envVar("KEFU_DEGRADE_QUEUE_MS"),
  enterAfter: 5, // consecutive 1 s samples over the line before switching to the light model
  leaveAfter: 10, // consecutive calm samples before switching back
});

/**
 * Whether new answers should go to the light model: CPU use staying over the threshold, or answers waiting too long
 * for a slot. Pure state machine over 1 s samples, with hysteresis so it does not flap.
 */
export class LoadState {
  degraded = false;
  private over = 0;
  private calm = 0;
  constructor(readonly policy: LoadPolicy = defaultPolicy()) {}

  /** Feeds one sample; returns the new state when it switched, else undefined. */
  sample(s: LoadSample): boolean | undefined {
    const hot = s.cpu > this.policy.cpuHigh || s.queueWaitMs > this.policy.queueWaitMs;
    const cool = s.cpu < this.policy.cpuLow && s.queueWaitMs < this.policy.queueWaitMs / 2;
    this.over = hot ? this.over + 1 : 0;
    this.calm = cool ? this.calm + 1 : 0;
    if (!this.degraded && this.over >= this.policy.enterAfter) return (this.degraded = true);
    if (this.degraded && this.calm >= this.policy.leaveAfter) return (this.degraded = false) || false;
    return undefined;
  }
}

function cpuTimes() {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
  }
  return { idle, total };
}

/**
 * Samples the machine every second and keeps the shared LoadState. `hasModel` says whether any chat model is loaded:
 * without one no answer goes to a model, so a switch is not announced (the state and metrics still follow the load).
 */
export function startLoadMonitor(
  queueWaitMs: () => number,
  say: (m: string) => void = (m) => log.info(m),
  hasModel: () => boolean = () => true,
) {
  const state = loadState();
  let prev = cpuTimes();
  const timer = setInterval(() => {
    const now = cpuTimes();
    const cpu = now.total > prev.total ? 1 - (now.idle - prev.idle) / (now.total - prev.total) : 0;
    prev = now;
    const switched = state.sample({ cpu, queueWaitMs: queueWaitMs() });
    if (switched !== undefined) {
      if (hasModel())
        say(
          `load ${switched ? "high" : "back to normal"} (cpu ${(cpu * 100).toFixed(0)}%): new answers go to the ${switched ? "light" : "regular"} model`,
        );
      metrics().degradeSwitches.inc({ to: switched ? "light" : "regular" });
      sampleLightSwitch(switched ? "light" : "regular");
    }
    metrics().degraded.set(state.degraded ? 1 : 0);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

const g = globalThis as unknown as { __kefuLoad?: LoadState };
export function loadState(): LoadState {
  g.__kefuLoad ??= new LoadState();
  return g.__kefuLoad;
}
