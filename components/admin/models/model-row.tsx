"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { DownloadState, ModelEntry } from "@/lib/llm/model-file";
import { secondaryButtonClass } from "../api";
import type { Action } from "./models-panel";
import { bytes, percent } from "./format";

type Props = {
  model: ModelEntry;
  download?: DownloadState;
  /** loaded as the chat model */
  loaded: boolean;
  /** loaded as the embedding model */
  embeddingLoaded: boolean;
  busy: boolean;
  onAction: (a: Action) => void;
};

const badge = "rounded px-1.5 py-0.5 text-xs";

export function ModelRow({ model: m, download: d, loaded, embeddingLoaded, busy, onAction }: Props) {
  const t = useTranslations("models.row");
  const [confirming, setConfirming] = useState(false);
  const running = d?.status === "running";
  const chat = m.role !== "embedding";
  // a file placed by hand has no role: it may be either
  const embeds = m.role !== "chat";
  const file = m.file;

  return (
    <li
      data-testid="model-row"
      data-file={file}
      className="grid grid-cols-[1fr_6rem_22rem] items-center gap-3 px-4 py-3 text-sm"
    >
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-medium" data-testid="model-name" data-i18n-skip>
            {m.name}
          </span>
          {m.role && <span className={`${badge} bg-slate-100 text-slate-700`}>{t(`role.${m.role}`)}</span>}
          {m.class && (
            <span className={`${badge} bg-slate-100 text-slate-700`} title={t("sizeClass")} data-i18n-skip>
              {m.class}
            </span>
          )}
          {!m.id && (
            <span className={`${badge} bg-slate-100 text-slate-700`} data-testid="model-hand-placed">
              {t("handPlaced")}
            </span>
          )}
          {m.default && (
            <span className={`${badge} bg-indigo-100 text-indigo-800`} data-testid="model-default">
              {t("default")}
            </span>
          )}
          {m.recommended && (
            <span className={`${badge} bg-amber-50 text-amber-800`} data-testid="model-recommended">
              {t("recommendedEmbedding")}
            </span>
          )}
          {m.light && (
            <span className={`${badge} bg-indigo-50 text-indigo-700`} data-testid="model-light">
              {t("light")}
            </span>
          )}
          {m.embedding && (
            <span className={`${badge} bg-indigo-50 text-indigo-700`} data-testid="model-embedding">
              {t("embedding")}
            </span>
          )}
          {(loaded || embeddingLoaded) && (
            <span className={`${badge} bg-green-100 text-green-800`} data-testid="model-loaded">
              {t("loaded")}
            </span>
          )}
        </div>
        <div className="truncate font-mono text-xs text-slate-500" data-i18n-skip>
          {file}
        </div>
        {m.quantisation && (
          <div className="text-xs text-slate-400" data-i18n-skip>
            {t("context", {
              quant: m.quantisation,
              size: m.contextSize?.toLocaleString("en") ?? "—",
              license: m.license ?? "",
            })}
          </div>
        )}
        {m.problem && (
          <div className="text-xs text-red-700" data-i18n-skip>
            {m.problem}
          </div>
        )}
        {d?.status === "failed" && (
          <div className="text-xs text-red-700" data-testid="model-download-error">
            {d.error}
          </div>
        )}
        {d?.status === "cancelled" && <div className="text-xs text-slate-500">{t("cancelled")}</div>}
      </div>
      <div className="text-right text-slate-600" data-testid="model-size">
        {m.downloaded ? bytes(m.size) : <span className="text-slate-400">{bytes(m.catalogSize)}</span>}
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        {running ? (
          <>
            <div className="w-full" data-testid="model-progress">
              <div className="h-2 rounded bg-slate-100">
                <div className="h-2 rounded bg-indigo-600" style={{ width: `${percent(d.done, d.total)}%` }} />
              </div>
              <div className="mt-1 text-xs text-slate-500">
                {t("progress", { pct: percent(d.done, d.total), done: bytes(d.done), total: bytes(d.total) })}
              </div>
            </div>
            <button
              type="button"
              disabled={busy}
              onClick={() => onAction({ action: "cancel", id: d.id })}
              className={secondaryButtonClass}
            >
              {t("cancel")}
            </button>
          </>
        ) : confirming ? (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => (setConfirming(false), onAction({ action: "remove", file }))}
              data-testid="model-remove-confirm"
              className="rounded-md bg-red-600 px-3 py-1.5 text-sm text-white hover:bg-red-700"
            >
              {t("deleteFile")}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={secondaryButtonClass}>
              {t("keep")}
            </button>
          </>
        ) : m.downloaded ? (
          <>
            {chat && !loaded && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onAction({ action: "load", file })}
                data-testid="model-load"
                className={secondaryButtonClass}
              >
                {t("load")}
              </button>
            )}
            {chat && !m.default && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onAction({ action: "use", file, as: "chat" })}
                data-testid="model-set-default"
                className={secondaryButtonClass}
              >
                {t("setDefault")}
              </button>
            )}
            {chat && !m.light && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onAction({ action: "use", file, as: "light" })}
                data-testid="model-set-light"
                className={secondaryButtonClass}
              >
                {t("setLight")}
              </button>
            )}
            {embeds && !chat && !embeddingLoaded && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onAction({ action: "load", file, target: "embedding" })}
                data-testid="model-load-embedding"
                className={secondaryButtonClass}
              >
                {t("load")}
              </button>
            )}
            {embeds && !m.embedding && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onAction({ action: "use", file, as: "embedding" })}
                data-testid="model-set-embedding"
                className={secondaryButtonClass}
              >
                {t("useEmbeddings")}
              </button>
            )}
            {!m.default && !m.light && !m.embedding && !loaded && !embeddingLoaded && (
              <button
                type="button"
                disabled={busy}
                onClick={() => setConfirming(true)}
                data-testid="model-remove"
                className={secondaryButtonClass}
              >
                {t("remove")}
              </button>
            )}
          </>
        ) : m.id ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction({ action: "download", id: m.id! })}
            data-testid="model-download"
            className={secondaryButtonClass}
          >
            {m.partial ? t("resume", { done: bytes(m.partial) }) : t("download")}
          </button>
        ) : null}
      </div>
    </li>
  );
}
