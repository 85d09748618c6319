"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useFailureText } from "@/components/use-failure-text";
import type { ModelsState } from "@/lib/llm/engine-view";
import { secondaryButtonClass } from "../api";
import type { Action } from "./models-panel";
import { STATUS_STYLE, bytes } from "./format";

type Props = {
  embedding: ModelsState["embedding"];
  chosen: string | null;
  load: ModelsState["load"];
  busy: boolean;
  onAction: (a: Action) => void;
};

/** The embedding model (knowledge search by meaning), in its own inference process. */
export function EmbeddingModel({ embedding: e, chosen, load, busy, onAction }: Props) {
  const t = useTranslations("models.embedding");
  const failureText = useFailureText("model");
  const st = useTranslations("models.status");
  const format = useFormatter();
  const running = e.status !== "none";
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5" data-testid="embedding-model">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="text-xs font-medium uppercase text-slate-500">{t("title")}</div>
          <div
            className="mt-1 truncate font-mono"
            data-testid="embedding-model-file"
            data-i18n-skip={running ? "" : undefined}
          >
            {running ? e.file : <span className="font-sans text-slate-500">{t("none")}</span>}
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <span
              className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[e.status] ?? STATUS_STYLE.none}`}
              data-testid="embedding-model-status"
              data-status={e.status}
            >
              {st.has(e.status) ? st(e.status) : e.status}
            </span>
            {e.memory?.modelFileBytes != null && (
              <span data-testid="embedding-model-memory" title={t("memoryTitle")}>
                {bytes(e.memory.modelFileBytes)} <span className="text-slate-400">{t("inMemory")}</span>
              </span>
            )}
            {e.memory?.processRssBytes != null && (
              <span>{t("process", { size: bytes(e.memory.processRssBytes) })}</span>
            )}
            {e.dimensions != null && (
              <span data-testid="embedding-model-dimensions">{t("dimensions", { count: e.dimensions })}</span>
            )}
            {e.restarts > 0 && <span className="text-amber-700">{t("restarted", { count: e.restarts })}</span>}
            {e.fromEnv && <span className="text-slate-500">{t("fromEnv")}</span>}
          </div>
        </div>
        <div className="flex gap-2">
          {e.canUnload && e.status === "ready" && (
            <button
              type="button"
              onClick={() => onAction({ action: "unload", target: "embedding" })}
              disabled={busy}
              data-testid="embedding-unload"
              className={secondaryButtonClass}
            >
              {t("unload")}
            </button>
          )}
          {!running && chosen && (
            <button
              type="button"
              onClick={() => onAction({ action: "load", file: chosen, target: "embedding" })}
              disabled={busy}
              data-testid="embedding-load"
              className={secondaryButtonClass}
            >
              {t("load", { file: chosen })}
            </button>
          )}
          {chosen && !e.fromEnv && (
            <button
              type="button"
              onClick={() => onAction({ action: "clear", as: "embedding" })}
              disabled={busy}
              data-testid="embedding-clear"
              className={secondaryButtonClass}
            >
              {t("stop")}
            </button>
          )}
        </div>
      </div>
      {e.error && (
        <p data-i18n-skip className="mt-3 text-sm text-red-700" data-testid="embedding-model-error">
          {e.error}
        </p>
      )}
      {e.lastCrash && (
        <p className="mt-1 text-xs text-slate-500">
          {t("lastCrash", {
            time: format.dateTime(new Date(e.lastCrash.at), { dateStyle: "medium", timeStyle: "medium" }),
            reason: e.lastCrash.reason,
          })}
        </p>
      )}
      {load?.status === "loading" && <p className="mt-3 text-sm text-amber-700">{t("loading", { file: load.file })}</p>}
      {load?.status === "failed" && (
        <p className="mt-3 text-sm text-red-700" data-testid="model-load-failed" title={load.error ?? ""}>
          {failureText(load.errorCode, load.error)}
        </p>
      )}
      {!running && !chosen && <p className="mt-3 text-sm text-slate-600">{t("without")}</p>}
    </section>
  );
}
