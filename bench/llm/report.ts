import type { benchSwap } from "./engine-swap";
import type { benchServerSwap } from "./server-swap";

/** Streams cut by a hot swap: the server's figure (the real path) and the engine's, where each could run. */
export function hotSwapTarget(
  engineSwap: Awaited<ReturnType<typeof benchSwap>>,
  serverSwap: Awaited<ReturnType<typeof benchServerSwap>>,
) {
  const parts: { where: string; cut: number; meaningful: boolean; ok: boolean }[] = [];
  if (engineSwap)
    parts.push({
      where: "engine",
      cut: engineSwap.streamsCut,
      meaningful: engineSwap.inFlightAtCutover > 0,
      ok: engineSwap.answerAfterSwap.ok && !engineSwap.swapError,
    });
  if (serverSwap.available && !("error" in serverSwap))
    parts.push({
      where: "server",
      cut: serverSwap.streamsCut,
      meaningful: serverSwap.inFlightAtCutover > 0,
      ok: serverSwap.answerAfterSwap.ok && serverSwap.loadStatus === "done",
    });
  if (serverSwap.available && "error" in serverSwap)
    parts.push({ where: "server", cut: NaN, meaningful: true, ok: false });
  if (!parts.length) return { target: "0", value: null, pass: null, detail: "not available yet" };
  const value = parts.reduce((s, p) => s + (Number.isFinite(p.cut) ? p.cut : 0), 0);
  const pass = parts.some((p) => !p.meaningful) ? null : parts.every((p) => p.cut === 0 && p.ok);
  return {
    target: "0",
    value,
    pass,
    detail: parts
      .map(
        (p) =>
          `${p.where} ${Number.isFinite(p.cut) ? p.cut : "failed"}${p.meaningful ? "" : " (ended before the cutover)"}${p.ok ? "" : ", swap or next answer failed"}`,
      )
      .join(", "),
  };
}

export function mark(pass: boolean | null) {
  return pass === null ? "n/a " : pass ? "PASS" : "FAIL";
}
