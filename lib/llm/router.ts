import crypto from "node:crypto";
import { engine, LlmEngine } from "./engine";
import { loadState } from "./load-monitor";
import fs from "node:fs";
import { readSettings, resolveModelFile } from "./settings";

export type BotModels = { modelId: string | null; abModelId: string | null; abShare: number; lightModelId: string | null; loraFile: string | null };
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

const g = globalThis as unknown as { __kefuModelPool?: Map<string, LlmEngine> };
const pool = () => (g.__kefuModelPool ??= new Map());

/**
 * The engine for a model other than the default one, loaded on first use in its own inference process. While it
 * loads (or when it cannot), answers go to the default model.
 */
function engineFor(name: string | null, loraFile: string | null): LlmEngine | undefined {
  if (!name && !loraFile) return undefined;
  const file = name ? modelFile(name) : engine().modelPath;
  if (!file) return undefined;
  const lora = loraFile ? modelFile(loraFile) : undefined;
  if (file === engine().modelPath && !lora) return undefined; // that is the default engine itself
  const key = `${file}|${lora ?? ""}`;
  let e = pool().get(key);
  if (!e) {
    e = new LlmEngine();
    pool().set(key, e);
    e.load(file, { loraPath: lora }).catch((err: Error) => console.error(`[kefu] model ${name ?? file} failed to load: ${err.message}`));
  }
  return e.ready ? e : undefined;
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
  const wanted = degraded ? light : variant === "B" ? bot.abModelId : bot.modelId;
  const chosen = engineFor(wanted, degraded ? null : bot.loraFile) ?? (engine().ready ? engine() : undefined);
  if (!chosen) return undefined;
  return { engine: chosen, modelId: chosen.modelId ?? "unknown", variant, degraded: degraded && chosen !== engine() };
}

export async function unloadPool() {
  for (const e of pool().values()) await e.unload();
  pool().clear();
}
