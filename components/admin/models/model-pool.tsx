"use client";

import { useTranslations } from "next-intl";
import type { ModelsState } from "@/lib/llm/engine-view";
import { secondaryButtonClass } from "../api";
import type { Action } from "./models-panel";
import { STATUS_STYLE, bytes } from "./format";

type Props = {
  pool: ModelsState["pool"];
  totalBytes: number;
  light: string | null;
  busy: boolean;
  onAction: (a: Action) => void;
};

/** Models loaded for bots besides the default (their own model, an A/B arm, the light model, a LoRA), and the total. */
export function ModelPool({ pool, totalBytes, light, busy, onAction }: Props) {
  const t = useTranslations("models.pool");
  const st = useTranslations("models.status");
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5" data-testid="model-pool">
      <div className="flex items-center justify-between gap-4">
        <div className="text-xs font-medium uppercase text-slate-500">{t("title")}</div>
        <div className="text-sm text-slate-600" data-testid="model-total-memory" title={t("totalTitle")}>
          {t("total", { size: bytes(totalBytes) })}
        </div>
      </div>
      {pool.length ? (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {pool.map((p) => (
            <li
              key={`${p.file}|${p.lora ?? ""}`}
              data-testid="pool-model"
              data-file={p.file ?? ""}
              className="flex flex-wrap items-center gap-3 py-2"
            >
              <span className="font-mono" data-i18n-skip>
                {p.file}
              </span>
              {p.lora && (
                <span className="text-slate-500" data-i18n-skip>
                  + LoRA {p.lora}
                </span>
              )}
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700" data-i18n-skip>
                {p.use}
              </span>
              <span
                className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[p.status] ?? STATUS_STYLE.none}`}
              >
                {st.has(p.status) ? st(p.status) : p.status}
              </span>
              {p.memory?.modelFileBytes != null && (
                <span data-testid="pool-model-memory">{bytes(p.memory.modelFileBytes)}</span>
              )}
              {p.memory?.processRssBytes != null && (
                <span className="text-slate-500">{t("process", { size: bytes(p.memory.processRssBytes) })}</span>
              )}
              {p.error && (
                <span className="text-red-700" data-i18n-skip>
                  {p.error}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{t("none")}</p>
      )}
      <p className="mt-2 text-xs text-slate-500">
        {t.rich("light", {
          light: () =>
            light ? (
              <code data-testid="global-light" data-i18n-skip>
                {light}
              </code>
            ) : (
              t("noneSet")
            ),
        })}
        {light && (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction({ action: "clear", as: "light" })}
            data-testid="light-clear"
            className={`${secondaryButtonClass} ml-2`}
          >
            {t("clear")}
          </button>
        )}
      </p>
    </section>
  );
}
