"use client";

import type { ModelsState } from "@/lib/llm/engine-view";
import { secondaryButtonClass } from "../api";
import type { Action } from "./models-panel";
import { STATUS_STYLE, bytes } from "./format";

type Props = { pool: ModelsState["pool"]; totalBytes: number; light: string | null; busy: boolean; onAction: (a: Action) => void };

/** Models loaded for bots besides the default (their own model, an A/B arm, the light model, a LoRA), and the total. */
export function ModelPool({ pool, totalBytes, light, busy, onAction }: Props) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5" data-testid="model-pool">
      <div className="flex items-center justify-between gap-4">
        <div className="text-xs font-medium uppercase text-slate-500">Also loaded for bots</div>
        <div className="text-sm text-slate-600" data-testid="model-total-memory" title="The model files' sizes of every loaded model">
          All loaded models: {bytes(totalBytes)}
        </div>
      </div>
      {pool.length ? (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {pool.map((p) => (
            <li key={`${p.file}|${p.lora ?? ""}`} data-testid="pool-model" data-file={p.file ?? ""} className="flex flex-wrap items-center gap-3 py-2">
              <span className="font-mono">{p.file}</span>
              {p.lora && <span className="text-slate-500">+ LoRA {p.lora}</span>}
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{p.use}</span>
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[p.status] ?? STATUS_STYLE.none}`}>{p.status}</span>
              {p.memory?.modelFileBytes != null && <span data-testid="pool-model-memory">{bytes(p.memory.modelFileBytes)}</span>}
              {p.memory?.processRssBytes != null && <span className="text-slate-500">process {bytes(p.memory.processRssBytes)}</span>}
              {p.error && <span className="text-red-700">{p.error}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">None: every bot answers with the default model. Bots load their own models on first use.</p>
      )}
      <p className="mt-2 text-xs text-slate-500">
        Light model under load: {light ? <code data-testid="global-light">{light}</code> : "none set"} — used by bots that have no light model of their own.
        {light && (
          <button type="button" disabled={busy} onClick={() => onAction({ action: "clear", as: "light" })} data-testid="light-clear" className={`${secondaryButtonClass} ml-2`}>
            Clear
          </button>
        )}
      </p>
    </section>
  );
}
