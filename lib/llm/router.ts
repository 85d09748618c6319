import crypto from "node:crypto";
import { engine, LlmEngine } from "./engine";
import { loadState } from "./load-monitor";
import fs from "node:fs";
import path from "node:path";
import { readSettings, resolveModelFile } from "./settings";
import { log } from "../log";

export type BotModels = {
  id?: string;
  modelId: string | null;
  abModelId: string | null;
  abShare: number;
  lightModelId: string | null;
  loraFile: string | null;
};
export type Route = { engine: LlmEngine; modelId: string; variant: "A" | "B" | null; degraded: boolean };

/** A/B arm of a conversation: sticky, the same conversation always lands on the same side. */
export function abArm(conversationId: string, share: number): "A" | "B" {
  const bucket = crypto.createHash("sha256").update(conversationId).digest().readUInt16BE(0) % 100;
  return bucket < share ? "B" : "A";
}

/** A bot's model file inside models/ (the one check in lib/llm/settings), or undefined when it is not there. */
function modelFile(name: string): string | undefined {
  try {
    const file = resolveModelFile(name);
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

type Role = "A" | "B" | "light";
const DEFAULT = "default";
const g = globalThis as unknown as {
  __kefuModelPool?: Map<string, LlmEngine>;
  __kefuBotRoutes?: Map<string, Partial<Record<Role, string>>>;
};
const pool = () => (g.__kefuModelPool ??= new Map());
/** Per bot and role, the engine that last answered (a pool key, or DEFAULT): it keeps answering while a new one loads. */
const botRoutes = () => (g.__kefuBotRoutes ??= new Map());

/** The pool key of a model other than the default one ("<model path>|<adapter path>"), or DEFAULT, or undefined when the file is not there. */
function keyFor(name: string | null, loraFile: string | null): string | undefined {
  if (!name && !loraFile) return DEFAULT;
  const file = name ? modelFile(name) : engine().modelPath;
  if (!file) return undefined;
  const lora = loraFile ? modelFile(loraFile) : undefined;
  if (file === engine().modelPath && !lora) return DEFAULT; // that is the default engine itself
  return `${file}|${lora ?? ""}`;
}

/** The engine of a pool key, loaded on first use in its own inference process. */
function poolEngine(key: string): LlmEngine {
  let e = pool().get(key);
  if (!e) {
    const [file, lora] = key.split("|");
    e = new LlmEngine();
    pool().set(key, e);
    e.load(file, { loraPath: lora || undefined }).catch((err: Error) =>
      log.error(`model ${path.basename(file)} failed to load: ${err.message}`),
    );
  }
  return e;
}

const engineOf = (key: string | undefined) => (key === DEFAULT ? engine() : key ? pool().get(key) : undefined);

/**
 * A pool model that no bot routes to any more (a bot switched to another model) finishes its answers in flight, then
 * is unloaded. Out of the pool at once, so a bot switching back loads it afresh rather than picking a dying one.
 */
function retireUnused() {
  const used = new Set([...botRoutes().values()].flatMap((r) => Object.values(r)));
  for (const [key, e] of pool()) {
    if (used.has(key) || e.status !== "ready") continue; // a loading one is wanted; a failed one stays on show
    pool().delete(key);
    const timer = setInterval(() => {
      if (e.inFlight > 0 || e.queueLength > 0) return;
      clearInterval(timer);
      e.unload().catch((err: Error) => log.warn("unloading an idle model failed", { err }));
    }, 200);
    timer.unref();
  }
}

/** The server-wide light model of models/settings.json, for bots without one of their own. */
function globalLightModel(): string | null {
  try {
    return readSettings().light ?? null;
  } catch {
    return null; // a broken settings file is reported at start and on the Models page
  }
}

/**
 * Which model answers this conversation now: the bot's model or its A/B arm, or under load its light model (the
 * bot's own, else the server's light model).
 */
export function routeAnswer(bot: BotModels, conversationId: string): Route | undefined {
  const high = loadState().degraded;
  const light = high ? (bot.lightModelId ?? globalLightModel()) : null;
  const degraded = high && !!light;
  const variant = bot.abModelId && bot.abShare > 0 ? abArm(conversationId, bot.abShare) : null;
  const role: Role = degraded ? "light" : variant === "B" ? "B" : "A";
  const wanted = degraded ? light : variant === "B" ? bot.abModelId : bot.modelId;
  const key = keyFor(wanted, degraded ? null : bot.loraFile);
  const target = key === DEFAULT ? engine() : key ? poolEngine(key) : undefined;
  const routes = bot.id ? (botRoutes().get(bot.id) ?? botRoutes().set(bot.id, {}).get(bot.id)!) : undefined;
  let chosen: LlmEngine | undefined;
  if (target?.ready && key) {
    chosen = target;
    if (routes && routes[role] !== key) {
      routes[role] = key; // the new model is ready: the one before it (if no other bot uses it) drains and unloads
      retireUnused();
    }
  } else {
    // the bot's new model is still loading (or failed): the model that answered before keeps answering
    const previous = engineOf(routes?.[role]);
    if (previous?.ready) chosen = previous;
  }
  chosen ??= engine().ready ? engine() : undefined;
  if (!chosen) return undefined;
  return { engine: chosen, modelId: chosen.modelId ?? "unknown", variant, degraded: degraded && chosen !== engine() };
}

/** How long the longest-waiting answer of any loaded model has waited for a slot (the load monitor degrades on it). */
export function longestQueueWaitMs(): number {
  return Math.max(engine().queueWaitMs, ...[...pool().values()].map((e) => e.queueWaitMs));
}

/** Every chat model engine of this server: the default one and the pool's (the Monitoring page and /metrics). */
export function loadedEngines(): LlmEngine[] {
  return [engine(), ...pool().values()];
}

export async function unloadPool() {
  for (const e of pool().values()) await e.unload();
  pool().clear();
  botRoutes().clear();
}
