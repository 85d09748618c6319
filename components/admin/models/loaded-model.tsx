"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useFailureText } from "@/components/use-failure-text";
import type { ModelsState } from "@/lib/llm/engine-view";
import { secondaryButtonClass } from "../api";
import { STATUS_STYLE, bytes } from "./format";
import { SpeedTestButton } from "./speed-test";

type Props = { engine: ModelsState["engine"]; load: ModelsState["load"]; busy: boolean; onUnload: () => void };

export function LoadedModel({ engine, load, busy, onUnload }: Props) {
  const t = useTranslations("models.loaded");
  const failureText = useFailureText("model");
  const st = useTranslations("models.status");
  const format = useFormatter();
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5" data-testid="loaded-model">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="text-xs font-medium uppercase text-slate-500">{t("title")}</div>
          <div
            className="mt-1 truncate font-mono text-lg"
            data-testid="loaded-model-id"
            data-i18n-skip={engine.status === "none" ? undefined : ""}
          >
            {engine.status === "none" ? (
              <span className="font-sans text-slate-500">{t("none")}</span>
            ) : (
              (engine.modelId ?? "—")
            )}
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <span
              className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[engine.status] ?? STATUS_STYLE.none}`}
              data-testid="loaded-model-status"
              data-status={engine.status}
            >
              {st.has(engine.status) ? st(engine.status) : engine.status}
            </span>
            {engine.memory?.modelFileBytes != null && (
              <span data-testid="loaded-model-memory" title={t("memoryTitle")}>
                {bytes(engine.memory.modelFileBytes)} <span className="text-slate-400">{t("inMemory")}</span>
              </span>
            )}
            {engine.memory?.processRssBytes != null && (
              <span data-testid="loaded-model-process" title={t("processTitle")}>
                {t("process", { size: bytes(engine.memory.processRssBytes) })}
              </span>
            )}
            <span>{t("threads", { count: engine.threads })}</span>
            {engine.restarts > 0 && (
              <span className="text-amber-700" data-testid="loaded-model-restarts">
                {t("restarted", { count: engine.restarts })}
              </span>
            )}
            {engine.file && !engine.inModelsDir && <span className="text-slate-500">{t("fromEnv")}</span>}
          </div>
        </div>
        {engine.canUnload && engine.status === "ready" && (
          <button
            type="button"
            onClick={onUnload}
            disabled={busy}
            data-testid="model-unload"
            className={secondaryButtonClass}
          >
            {t("unload")}
          </button>
        )}
      </div>
      {engine.status === "ready" && <SpeedTestButton disabled={busy} />}
      {engine.error && (
        <p data-i18n-skip className="mt-3 text-sm text-red-700" data-testid="loaded-model-error">
          {engine.error}
        </p>
      )}
      {engine.lastCrash && (
        <p className="mt-1 text-xs text-slate-500">
          {t("lastCrash", {
            time: format.dateTime(new Date(engine.lastCrash.at), { dateStyle: "medium", timeStyle: "medium" }),
            reason: engine.lastCrash.reason,
          })}
        </p>
      )}
      {load?.status === "loading" && (
        <p className="mt-3 text-sm text-amber-700" data-testid="model-loading">
          {t("loading", { file: load.file })}
        </p>
      )}
      {load?.status === "failed" && (
        <p className="mt-3 text-sm text-red-700" data-testid="model-load-failed" title={load.error ?? ""}>
          {failureText(load.errorCode, load.error)}
        </p>
      )}
      {engine.status === "none" && <p className="mt-3 text-sm text-slate-600">{t("withoutModel")}</p>}
    </section>
  );
}
