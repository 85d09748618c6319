"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { callApi, secondaryButtonClass } from "./api";
import { EntryForm, type EntryFields } from "./entry-form";

type Props = {
  entry: EntryFields & { updated: string };
  knowledgeBaseName?: string;
  knowledgeBases: { id: string; name: string }[];
  selected: boolean;
  onSelect: (selected: boolean) => void;
  source?: string;
};

export const ENTRY_GRID = "grid grid-cols-[1.5rem_1fr_12rem_6rem_9rem_9rem] gap-3";

export function EntryRow({ entry, knowledgeBaseName, knowledgeBases, selected, onSelect, source }: Props) {
  const t = useTranslations("knowledge.row");
  const errText = useErrorText();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function run(call: () => ReturnType<typeof callApi>) {
    setBusy(true);
    setError("");
    const res = await call();
    setBusy(false);
    setConfirming(false);
    if (!res.ok) return setError(errText(res));
    router.refresh();
  }

  const toggle = () =>
    run(() =>
      callApi("PUT", `/api/admin/knowledge/entries/${encodeURIComponent(entry.id)}`, {
        title: entry.title,
        content: entry.content,
        tags: entry.tags,
        enabled: !entry.enabled,
      }),
    );
  const remove = () => run(() => callApi("DELETE", `/api/admin/knowledge/entries/${encodeURIComponent(entry.id)}`));

  return (
    <li data-testid="entry-row" data-entry-id={entry.id} className={busy ? "opacity-60" : undefined}>
      <div className={`${ENTRY_GRID} items-center px-4 py-3 text-sm`}>
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onSelect(e.currentTarget.checked)}
          aria-label={t("select", { title: entry.title })}
          data-testid="entry-select"
        />
        <div className="min-w-0" data-i18n-skip>
          <div className="font-medium" data-testid="entry-row-title">
            {entry.title}
          </div>
          <div className="truncate text-slate-500">{entry.content}</div>
          {(knowledgeBaseName || (source && source !== "manual")) && (
            <div className="truncate text-xs text-slate-400" data-testid="entry-source">
              {[knowledgeBaseName, source !== "manual" ? source : ""].filter(Boolean).join(" · ")}
            </div>
          )}
        </div>
        <div className="flex flex-wrap gap-1" data-i18n-skip>
          {entry.tags.map((tag) => (
            <span key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
              {tag}
            </span>
          ))}
        </div>
        <div>
          <button
            type="button"
            role="switch"
            aria-checked={entry.enabled}
            aria-label={entry.enabled ? t("disableIt") : t("enableIt")}
            disabled={busy}
            onClick={toggle}
            data-testid="entry-enabled"
            className={`relative h-5 w-9 rounded-full transition-colors ${entry.enabled ? "bg-indigo-600" : "bg-slate-300"}`}
          >
            <span
              className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-all ${entry.enabled ? "left-4.5" : "left-0.5"}`}
            />
          </button>
        </div>
        <div className="text-slate-500" data-testid="entry-updated">
          {entry.updated}
        </div>
        <div className="flex justify-end gap-2">
          {confirming ? (
            <>
              <button
                type="button"
                onClick={remove}
                disabled={busy}
                data-testid="entry-delete-confirm"
                className="rounded-md bg-red-600 px-3 py-1.5 text-sm text-white hover:bg-red-700"
              >
                {t("delete")}
              </button>
              <button type="button" onClick={() => setConfirming(false)} className={secondaryButtonClass}>
                {t("keep")}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                onClick={() => setEditing((v) => !v)}
                data-testid="entry-edit-button"
                className={secondaryButtonClass}
              >
                {t("edit")}
              </button>
              <button
                type="button"
                onClick={() => setConfirming(true)}
                data-testid="entry-delete"
                className={secondaryButtonClass}
              >
                {t("delete")}
              </button>
            </>
          )}
        </div>
      </div>
      {error && (
        <p role="alert" className="px-4 pb-3 text-sm text-red-700">
          {error}
        </p>
      )}
      {editing && (
        <EntryForm mode="edit" entry={entry} knowledgeBases={knowledgeBases} onDone={() => setEditing(false)} />
      )}
    </li>
  );
}
