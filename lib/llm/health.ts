// Model health for the Monitoring page: a card per loaded chat model (and the embedding process) with its history.
import path from "node:path";
import { lightSwitches, modelHistory, modelTotals, sampleProcess } from "../metrics/model-history";
import { embedder } from "./embedder";
import { loadedEngines } from "./router";

type Card = {
  model: string;
  process: "chat" | "embedding";
  status: string;
  memoryBytes: number;
  queueLength: number;
  inFlight: number;
  restarts: number;
};

function sampleAll(): Card[] {
  const cards: Card[] = loadedEngines()
    .filter((e) => e.modelId)
    .map((e) => ({
      model: e.modelId!,
      process: "chat",
      status: e.status,
      memoryBytes: e.worker?.rss ?? 0,
      queueLength: e.queueLength,
      inFlight: e.inFlight,
      restarts: e.restarts,
    }));
  const emb = embedder();
  const embModel = emb.worker?.modelPath ? path.basename(emb.worker.modelPath, ".gguf") : undefined;
  if (embModel)
    cards.push({
      model: embModel,
      process: "embedding",
      status: emb.status,
      memoryBytes: emb.worker?.rss ?? 0,
      queueLength: 0,
      inFlight: 0,
      restarts: emb.restarts,
    });
  for (const c of cards)
    sampleProcess(c.model, { memoryBytes: c.memoryBytes, queueLength: c.queueLength, restarts: c.restarts });
  return cards;
}

/** Samples every loaded model once a minute, so the history has the quiet minutes too. */
export function startModelSampler() {
  sampleAll();
  setInterval(sampleAll, 60_000).unref();
}

/** The cards of this tenant's Monitoring page: process figures are the server's, answers and errors the tenant's. */
export function modelHealth(tenantId: string, hours = 24) {
  const models = sampleAll().map((c) => ({
    ...c,
    ...modelTotals(tenantId, c.model),
    history: modelHistory(tenantId, c.model, hours),
  }));
  return { at: new Date().toISOString(), models, lightSwitches: lightSwitches(hours) };
}

export type ModelHealth = ReturnType<typeof modelHealth>;
