"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { Csat } from "./types";

export const stars = (score: number) => "★".repeat(score) + "☆".repeat(5 - score);

/** The visitor's rating and comment, shown on the closed conversation. */
export function CsatCard({ csat }: { csat: Csat }) {
  const t = useTranslations("teamInbox.csat");
  const format = useFormatter();
  return (
    <div
      className="border-b border-slate-200 bg-white px-4 py-2 text-sm"
      data-testid="inbox-csat"
      data-score={csat.score}
    >
      <div className="flex items-baseline justify-between gap-2">
        <span className="text-xs font-medium text-slate-700">{t("title")}</span>
        {csat.at && (
          <span className="text-xs text-slate-500">
            {t("at", { at: format.dateTime(new Date(csat.at), { dateStyle: "medium", timeStyle: "short" }) })}
          </span>
        )}
      </div>
      <div className={csat.score <= 2 ? "text-red-600" : "text-amber-500"} title={t("stars", { score: csat.score })}>
        {stars(csat.score)}
      </div>
      <p className="whitespace-pre-wrap text-slate-800" data-testid="inbox-csat-comment">
        {csat.comment || t("noComment")}
      </p>
    </div>
  );
}
