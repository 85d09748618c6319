"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { callApi, secondaryButtonClass } from "./api";
import type { EntryFields } from "./entry-form";
import type { EntryFilter } from "@/lib/knowledge/entry-list";
import { ENTRY_GRID, EntryRow } from "./entry-row";

type Row = EntryFields & { updated: string; source: string; knowledgeBaseName?: string };

type Props = {
  entries: Row[];
  knowledgeBases: { id: string; name: string }[];
  emptyText: string;
  total: number;
  filter: EntryFilter;
};

/**
 * One page of entries with selection and bulk enable / disable / delete of the selected ones; with the whole page
 * selected, "select all N matching" extends the action to every entry of the search, on every page.
 */
export function KnowledgeTable({ entries, knowledgeBases, emptyText, total, filter }: Props) {
  const t = useTranslations("knowledge.table");
  const errText = useErrorText();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const [allMatching, setAllMatching] = useState(false);
  // entries that left the list (deleted, filtered out) are no longer selected
  const chosen = entries.filter((e) => selected.has(e.id)).map((e) => e.id);
  const all = entries.length > 0 && chosen.length === entries.length;
  const matching = all && allMatching && total > entries.length;
  const count = matching ? total : chosen.length;

  function toggle(id: string, on: boolean) {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function bulk(action: "enable" | "disable" | "delete") {
    setBusy(true);
    setMessage("");
    const res = await callApi<{ count: number }>(
      "POST",
      "/api/admin/knowledge/entries/bulk",
      matching ? { filter, action } : { ids: chosen, action },
    );
    setBusy(false);
    setConfirming(false);
    if (!res.ok) return setMessage(errText(res));
    setMessage(
      t(action === "delete" ? "deleted" : action === "enable" ? "enabled" : "disabled", { count: res.data.count }),
    );
    if (action === "delete" || matching) setSelected(new Set());
    setAllMatching(false);
    router.refresh();
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      {chosen.length > 0 && (
        <div
          className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-indigo-50 px-4 py-2 text-sm"
          data-testid="bulk-bar"
        >
          <span data-testid="bulk-count">
            {matching ? t("allMatching", { total }) : t("selected", { count: chosen.length })}
          </span>
          <button
            type="button"
            disabled={busy}
            onClick={() => bulk("enable")}
            data-testid="bulk-enable"
            className={secondaryButtonClass}
          >
            {t("enable")}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => bulk("disable")}
            data-testid="bulk-disable"
            className={secondaryButtonClass}
          >
            {t("disable")}
          </button>
          {confirming ? (
            <>
              <button
                type="button"
                disabled={busy}
                onClick={() => bulk("delete")}
                data-testid="bulk-delete-confirm"
                className="rounded-md bg-red-600 px-3 py-1.5 text-white"
              >
                {t("deleteN", { count })}
              </button>
              <button type="button" onClick={() => setConfirming(false)} className={secondaryButtonClass}>
                {t("keep")}
              </button>
            </>
          ) : (
            <button
              type="button"
              disabled={busy}
              onClick={() => setConfirming(true)}
              data-testid="bulk-delete"
              className={secondaryButtonClass}
            >
              {t("delete")}
            </button>
          )}
          {all && total > entries.length && (
            <button
              type="button"
              onClick={() => setAllMatching((v) => !v)}
              data-testid="select-matching"
              className="text-indigo-700 underline"
            >
              {matching ? t("onlyPage", { count: entries.length }) : t("selectMatching", { total })}
            </button>
          )}
        </div>
      )}
      {message && (
        <p
          role="status"
          data-testid="bulk-message"
          className="border-b border-slate-200 px-4 py-2 text-sm text-slate-700"
        >
          {message}
        </p>
      )}
      <div className={`${ENTRY_GRID} border-b border-slate-200 px-4 py-2 text-xs font-medium uppercase text-slate-500`}>
        <input
          type="checkbox"
          checked={all}
          onChange={(e) => {
            setAllMatching(false);
            setSelected(e.currentTarget.checked ? new Set(entries.map((x) => x.id)) : new Set());
          }}
          aria-label={t("selectAll")}
          data-testid="select-all"
        />
        <div>{t("colTitle")}</div>
        <div>{t("colTags")}</div>
        <div>{t("colEnabled")}</div>
        <div>{t("colUpdated")}</div>
        <div />
      </div>
      {entries.length === 0 && (
        <p className="px-4 py-6 text-sm text-slate-500" data-testid="entries-empty">
          {emptyText}
        </p>
      )}
      <ul className="divide-y divide-slate-100">
        {entries.map(({ knowledgeBaseName, source, ...e }) => (
          <EntryRow
            key={e.id}
            entry={e}
            source={source}
            knowledgeBaseName={knowledgeBaseName}
            knowledgeBases={knowledgeBases}
            selected={selected.has(e.id)}
            onSelect={(on) => toggle(e.id, on)}
          />
        ))}
      </ul>
    </div>
  );
}
