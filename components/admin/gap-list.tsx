"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { callApi, secondaryButtonClass } from "./api";
import { GapEntryForm } from "./gap-entry-form";

export type GapView = {
  id: string;
  question: string;
  count: number;
  bestScore: number;
  botName: string;
  lastAsked: string;
};
type Kb = { id: string; name: string };

export function GapList({ gaps, knowledgeBases }: { gaps: GapView[]; knowledgeBases: Kb[] }) {
  const t = useTranslations("gaps");
  const errText = useErrorText();
  const router = useRouter();
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState("");

  async function dismiss(id: string) {
    setError("");
    const res = await callApi("DELETE", `/api/admin/gaps/${encodeURIComponent(id)}`);
    if (!res.ok) return setError(errText(res));
    router.refresh();
  }

  if (!gaps.length) {
    return (
      <p
        className="rounded-lg border border-slate-200 bg-white px-4 py-6 text-sm text-slate-500"
        data-testid="gaps-empty"
      >
        {t("empty")}
      </p>
    );
  }
  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <div className="grid grid-cols-[1fr_5rem_5rem_9rem_10rem_12rem] gap-3 border-b border-slate-200 px-4 py-2 text-xs font-medium uppercase text-slate-500">
        <div>{t("question")}</div>
        <div>{t("asked")}</div>
        <div>{t("best")}</div>
        <div>{t("bot")}</div>
        <div>{t("lastAsked")}</div>
        <div />
      </div>
      {error && (
        <p role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-700" data-testid="gap-error">
          {error}
        </p>
      )}
      <ul className="divide-y divide-slate-100">
        {gaps.map((g) => (
          <li key={g.id} data-testid="gap-row" data-gap-id={g.id}>
            <div className="grid grid-cols-[1fr_5rem_5rem_9rem_10rem_12rem] items-center gap-3 px-4 py-2 text-sm">
              <div className="break-words" data-testid="gap-question" data-i18n-skip>
                {g.question}
              </div>
              <div data-testid="gap-count">{t("times", { count: g.count })}</div>
              <div title={t("bestTitle")}>{g.bestScore.toFixed(2)}</div>
              <div className="truncate" data-i18n-skip>
                {g.botName}
              </div>
              <div className="text-xs text-slate-500">{g.lastAsked}</div>
              <div className="flex gap-2">
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() => setOpen(open === g.id ? null : g.id)}
                  data-testid="gap-add-entry"
                >
                  {t("addEntry")}
                </button>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() => dismiss(g.id)}
                  data-testid="gap-dismiss"
                >
                  {t("dismiss")}
                </button>
              </div>
            </div>
            {open === g.id && (
              <GapEntryForm
                gap={g}
                knowledgeBases={knowledgeBases}
                onDone={() => {
                  setOpen(null);
                  router.refresh();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
