"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { secondaryButtonClass } from "./api";
import { botApi, errorText } from "./bot-api";

export type VersionRow = {
  id: string;
  number: number;
  action: string;
  changed: string[];
  sourceNumber: number | null;
  authorName: string;
  createdAt: string;
};
type Change = { field: string; before: unknown; after: unknown };

/** A bot's versions, newest first: who, when, what changed; compare two; put one back (as a new version). */
export function BotHistory({ botId, versions }: { botId: string; versions: VersionRow[] }) {
  const t = useTranslations("bots");
  const locale = useLocale();
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const [diff, setDiff] = useState<{ from: number; to: number; changes: Change[] } | null>(null);
  const [busy, setBusy] = useState("");
  const [notice, setNotice] = useState("");
  const [error, setError] = useState("");
  const url = `/api/admin/bots/${encodeURIComponent(botId)}/versions`;
  const field = (f: string) => (t.has(`fields.${f}`) ? t(`fields.${f}`) : f);
  const show = (v: unknown) =>
    v === null || v === "" || (Array.isArray(v) && v.length === 0)
      ? t("history.empty")
      : typeof v === "string"
        ? v
        : JSON.stringify(v);

  // changes not made by a person are named by where they came from
  const AUTHORS: Record<string, "system" | "cli" | "apiKey"> = { system: "system", CLI: "cli", "API key": "apiKey" };
  const author = (name: string) => (AUTHORS[name] ? t(`history.authors.${AUTHORS[name]}`) : name);

  function toggle(id: string) {
    setDiff(null);
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  }

  async function compare() {
    setError("");
    // older first, whatever order they were ticked in
    const [from, to] = versions.filter((v) => picked.includes(v.id)).reverse();
    const res = await botApi<{ comparison: { from: number; to: number; changes: Change[] } }>(
      "GET",
      `${url}/compare?from=${from.id}&to=${to.id}`,
    );
    if (!res.ok) return setError(errorText(t, t.has, res));
    setDiff(res.data.comparison);
  }

  async function rollback(v: VersionRow) {
    setBusy(v.id);
    setError("");
    setNotice("");
    const res = await botApi("POST", `${url}/${v.id}/rollback`);
    setBusy("");
    if (!res.ok) return setError(errorText(t, t.has, res));
    setNotice(t("history.rolledBack", { number: v.number }));
    setPicked([]);
    setDiff(null);
    router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5" data-testid="bot-history">
      <h2 className="font-medium">{t("history.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("history.intro")}</p>
      <ul className="mt-3 divide-y divide-slate-100">
        {versions.map((v, i) => (
          <li
            key={v.id}
            data-testid="bot-version"
            data-number={v.number}
            className="flex items-start gap-3 py-2 text-sm"
          >
            <input
              type="checkbox"
              checked={picked.includes(v.id)}
              onChange={() => toggle(v.id)}
              data-testid="bot-version-pick"
              className="mt-1 h-4 w-4 accent-indigo-600"
            />
            <div className="min-w-0 flex-1">
              <div>
                <span className="font-medium">{t("history.version", { number: v.number })}</span>
                {i === 0 && (
                  <span className="ml-2 rounded bg-green-100 px-1.5 text-xs text-green-800">
                    {t("history.current")}
                  </span>
                )}
                <span className="ml-2 text-slate-600" data-testid="bot-version-action">
                  {t(`history.actions.${v.action}` as "history.actions.updated", { number: v.sourceNumber ?? 0 })}
                </span>
                <span className="ml-2 text-slate-500">{t("history.by", { author: author(v.authorName) })}</span>
                <span className="ml-2 text-slate-500">{new Date(v.createdAt).toLocaleString(locale)}</span>
              </div>
              {v.changed.length > 0 && (
                <div className="text-slate-600" data-testid="bot-version-changed">
                  {t("history.changed", { fields: v.changed.map(field).join(locale === "zh-CN" ? "、" : ", ") })}
                </div>
              )}
            </div>
            {i > 0 && (
              <button
                type="button"
                onClick={() => rollback(v)}
                disabled={busy !== ""}
                data-testid="bot-version-rollback"
                className={secondaryButtonClass}
              >
                {busy === v.id ? t("history.rollingBack") : t("history.rollback")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="mt-3 flex items-center gap-3">
        <button
          type="button"
          onClick={compare}
          disabled={picked.length !== 2}
          data-testid="bot-compare"
          className={secondaryButtonClass}
        >
          {t("history.compare")}
        </button>
        {picked.length !== 2 && <span className="text-xs text-slate-500">{t("history.pickTwo")}</span>}
      </div>
      {diff && (
        <div className="mt-3" data-testid="bot-diff">
          {diff.changes.length === 0 ? (
            <p className="text-sm text-slate-600">{t("history.noDifference")}</p>
          ) : (
            <table className="w-full table-fixed text-left text-sm">
              <thead className="text-slate-500">
                <tr>
                  <th className="w-1/5 py-1">{t("history.field")}</th>
                  <th className="py-1">{t("history.before", { number: diff.from })}</th>
                  <th className="py-1">{t("history.after", { number: diff.to })}</th>
                </tr>
              </thead>
              <tbody>
                {diff.changes.map((c) => (
                  <tr key={c.field} data-testid="bot-diff-row" data-field={c.field} className="align-top">
                    <td className="py-1 font-medium">{field(c.field)}</td>
                    <td className="break-words py-1 text-red-700 line-through decoration-red-300">{show(c.before)}</td>
                    <td className="break-words py-1 text-green-800">{show(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {notice && (
        <p data-testid="bot-history-notice" className="mt-3 text-sm text-green-700">
          {notice}
        </p>
      )}
      {error && (
        <p
          role="alert"
          data-testid="bot-history-error"
          className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {error}
        </p>
      )}
    </section>
  );
}
