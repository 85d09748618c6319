"use client";

import type { ModelsState } from "@/lib/llm/engine-view";
import { secondaryButtonClass } from "../api";
import { STATUS_STYLE, bytes } from "./format";
import { SpeedTestButton } from "./speed-test";

type Props = { engine: ModelsState["engine"]; load: ModelsState["load"]; busy: boolean; onUnload: () => void };

export function LoadedModel({ engine, load, busy, onUnload }: Props) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5" data-testid="loaded-model">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="text-xs font-medium uppercase text-slate-500">Loaded model</div>
          <div className="mt-1 truncate font-mono text-lg" data-testid="loaded-model-id">
            {engine.status === "none" ? <span className="font-sans text-slate-500">No model loaded</span> : engine.modelId ?? "—"}
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[engine.status] ?? STATUS_STYLE.none}`} data-testid="loaded-model-status">
              {engine.status}
            </span>
            {engine.memory?.modelFileBytes != null && (
              <span data-testid="loaded-model-memory" title="An estimate: llama.cpp maps the model file into memory; the context comes on top">
                {bytes(engine.memory.modelFileBytes)} <span className="text-slate-400">in memory (model file size)</span>
              </span>
            )}
            {engine.memory?.processRssBytes != null && (
              <span data-testid="loaded-model-process" title="The inference process's resident memory after loading, Node.js runtime included">
                inference process {bytes(engine.memory.processRssBytes)}
              </span>
            )}
            <span>{engine.threads} thread{engine.threads === 1 ? "" : "s"}</span>
            {engine.restarts > 0 && <span className="text-amber-700" data-testid="loaded-model-restarts">restarted {engine.restarts}×</span>}
            {engine.file && !engine.inModelsDir && <span className="text-slate-500">from KEFU_MODEL_PATH, outside the models folder</span>}
          </div>
        </div>
        {engine.canUnload && engine.status === "ready" && (
          <button type="button" onClick={onUnload} disabled={busy} data-testid="model-unload" className={secondaryButtonClass}>
            Unload
          </button>
        )}
      </div>
      {engine.status === "ready" && <SpeedTestButton disabled={busy} />}
      {engine.error && <p className="mt-3 text-sm text-red-700" data-testid="loaded-model-error">{engine.error}</p>}
      {engine.lastCrash && (
        <p className="mt-1 text-xs text-slate-500">Last crash {new Date(engine.lastCrash.at).toLocaleString("en")}: {engine.lastCrash.reason}</p>
      )}
      {load?.status === "loading" && <p className="mt-3 text-sm text-amber-700" data-testid="model-loading">Loading {load.file}…</p>}
      {load?.status === "failed" && <p className="mt-3 text-sm text-red-700">{load.error}</p>}
      {engine.status === "none" && (
        <p className="mt-3 text-sm text-slate-600">Without a model the bots answer with the best matching knowledge entry and offer a human.</p>
      )}
    </section>
  );
}
