import { engine } from "../../lib/llm";
import { providerStream } from "./in-process";
import { now, round, sleep } from "./stats";

// 5. Hot swap during 4 concurrent streams (in this process: the server has no swap API to drive from outside)

export function findSwap(): { name: string; fn: (modelPath: string) => Promise<unknown> } | undefined {
  const e = engine() as unknown as Record<string, unknown>;
  for (const name of ["swap", "swapModel", "switchModel", "hotSwap"]) {
    if (typeof e[name] === "function")
      return { name, fn: (p) => (e[name] as (p: string) => Promise<unknown>).call(e, p) };
  }
  // the supervised engine (it has a `worker`) documents load() on a running engine as a hot swap
  if ("worker" in e && typeof e.load === "function")
    return { name: "load (hot swap)", fn: (p) => (e.load as (p: string) => Promise<unknown>).call(e, p) };
  return undefined;
}

export async function benchSwap(system: string, maxTokens: number, target: string) {
  const swap = findSwap();
  if (!swap) return null;
  const from = engine().modelId;
  const N = 4;
  let firsts = 0;
  let swapStarted: () => void = () => {};
  const allStarted = new Promise<void>((r) => (swapStarted = r));
  const streams = Array.from({ length: N }, () =>
    providerStream(system, maxTokens, () => {
      if (++firsts === N) swapStarted();
    }).then(
      (r) => ({
        ok: r.finishReason === "stop" || r.finishReason === "length",
        finishReason: r.finishReason as string,
        tokens: r.sample.tokens,
        endAt: now(),
        error: null as string | null,
      }),
      (err: Error) => ({ ok: false, finishReason: "error", tokens: 0, endAt: now(), error: err.message }),
    ),
  );
  // swap once every stream is producing (or after 5 s at most)
  await Promise.race([allStarted, sleep(5000)]);
  const t = now();
  let swapError: string | null = null;
  await swap.fn(target).catch((err: Error) => (swapError = err.message));
  const swappedAt = now();
  const results = await Promise.all(streams);
  // the test means something only if streams were still running when new answers went to the new model
  const inFlightAtCutover = results.filter((r) => r.endAt > swappedAt).length;
  // an answer started after the swap must be served by the new model
  const after = await providerStream(system, 16).then(
    (r) => ({ ok: r.sample.tokens > 0, modelId: engine().modelId, error: null as string | null }),
    (err: Error) => ({ ok: false, modelId: engine().modelId, error: err.message }),
  );
  return {
    method: swap.name,
    from,
    to: engine().modelId,
    swapMs: round(swappedAt - t, 1),
    swapError,
    streams: N,
    tokensPerStream: maxTokens,
    inFlightAtCutover,
    streamsCut: results.filter((r) => !r.ok).length,
    finishReasons: results.map((r) => r.finishReason),
    tokens: results.map((r) => r.tokens),
    errors: results.map((r) => r.error).filter(Boolean),
    answerAfterSwap: after,
  };
}
