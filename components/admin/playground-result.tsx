"use client";

import { useTranslations } from "next-intl";

export type PlanView = {
  bot: { id: string; name: string; confidenceThreshold: number; fastPath: boolean; fastPathThreshold: number };
  decision: "refused" | "no_answer" | "fast_path" | "model" | "fallback";
  language: "zh" | "en";
  hits: {
    id: string;
    title: string;
    content: string;
    score: number;
    bm25: number | null;
    vector: number | null;
    confidence: number;
    kind: string;
  }[];
  system: string;
  model: string | null;
};

export function PlaygroundResult({ plan, answer, streaming }: { plan: PlanView; answer: string; streaming: boolean }) {
  const t = useTranslations("playground");
  return (
    <div className="space-y-6">
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-sm font-semibold">{t("decision")}</h2>
        <p className="mt-1 text-sm" data-testid="playground-decision" data-decision={plan.decision}>
          {t(`decisions.${plan.decision}`)}
          {plan.model ? t("withModel", { model: plan.model }) : ""}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {t("threshold", { value: plan.bot.confidenceThreshold })}
          {plan.bot.fastPath ? t("fastPathAt", { value: plan.bot.fastPathThreshold }) : t("fastPathOff")}
          {t("questionIn", { language: t(plan.language) })}
        </p>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white">
        <h2 className="border-b border-slate-200 px-4 py-2 text-sm font-semibold">{t("ranked")}</h2>
        {plan.hits.length === 0 && (
          <p className="px-4 py-4 text-sm text-slate-500" data-testid="playground-no-hits">
            {t("noHits")}
          </p>
        )}
        <ol className="divide-y divide-slate-100">
          {plan.hits.map((h, i) => (
            <li
              key={h.id}
              className="grid grid-cols-[2rem_1fr_10rem_6rem_4rem] gap-3 px-4 py-2 text-sm"
              data-testid="playground-hit"
            >
              <span className="text-slate-500">[{i + 1}]</span>
              <span data-i18n-skip>
                <span className="font-medium" data-testid="playground-hit-title">
                  {h.title}
                </span>
                <span className="block truncate text-xs text-slate-500">{h.content}</span>
              </span>
              <span className="text-xs">
                <span title={t("scoreTitle")} className="block text-sm" data-testid="playground-hit-score">
                  {t("score", { value: h.score.toFixed(3) })}
                </span>
                <span title={t("bm25Title")} className="block text-slate-500" data-testid="playground-hit-bm25">
                  {h.bm25 === null ? t("bm25None") : t("bm25", { value: h.bm25.toFixed(3) })}
                </span>
                <span title={t("vectorTitle")} className="block text-slate-500" data-testid="playground-hit-vector">
                  {h.vector === null ? t("vectorNone") : t("vector", { value: h.vector.toFixed(3) })}
                </span>
              </span>
              <span title={t("confTitle")} data-testid="playground-hit-confidence">
                {t("conf", { value: h.confidence.toFixed(2) })}
              </span>
              <span className="text-xs uppercase text-slate-500">{h.kind}</span>
            </li>
          ))}
        </ol>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-sm font-semibold">
          {t("answer")} {streaming && <span className="text-xs font-normal text-slate-500">{t("streaming")}</span>}
        </h2>
        <p
          className="mt-2 whitespace-pre-wrap text-sm"
          data-i18n-skip
          data-testid="playground-answer"
          data-streaming={streaming ? "true" : "false"}
        >
          {answer}
        </p>
      </section>
      <details className="rounded-lg border border-slate-200 bg-white p-4" open>
        <summary className="cursor-pointer text-sm font-semibold">{t("prompt")}</summary>
        <pre
          data-i18n-skip
          className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs"
          data-testid="playground-prompt"
        >
          {plan.system}
        </pre>
      </details>
    </div>
  );
}
