"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { buttonClass, callApi, inputClass, secondaryButtonClass } from "./api";

export type EntryFields = {
  id: string;
  knowledgeBaseId: string;
  title: string;
  content: string;
  tags: string[];
  enabled: boolean;
};
type Kb = { id: string; name: string };

/** "a, b，c" → ["a", "b", "c"]: the Chinese comma counts too. */
export const parseTags = (s: string) => [
  ...new Set(
    s
      .split(/[,，]/)
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

type Props =
  | { mode: "create"; knowledgeBases: Kb[]; defaultKnowledgeBaseId: string }
  | { mode: "edit"; knowledgeBases: Kb[]; entry: EntryFields; onDone: () => void };

export function EntryForm(props: Props) {
  const t = useTranslations("knowledge.form");
  const errText = useErrorText();
  const LABELS: Record<string, string> = {
    title: t("title"),
    content: t("content"),
    tags: t("tags"),
    knowledgeBaseId: t("knowledgeBase"),
  };
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [added, setAdded] = useState(false);
  const entry = props.mode === "edit" ? props.entry : undefined;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const body = {
      title: String(form.get("title") ?? ""),
      content: String(form.get("content") ?? ""),
      tags: parseTags(String(form.get("tags") ?? "")),
      enabled: entry ? entry.enabled : true,
      ...(entry ? {} : { knowledgeBaseId: String(form.get("knowledgeBaseId") ?? "") }),
    };
    setBusy(true);
    setError("");
    setAdded(false);
    const res = entry
      ? await callApi("PUT", `/api/admin/knowledge/entries/${encodeURIComponent(entry.id)}`, body)
      : await callApi("POST", "/api/admin/knowledge/entries", body);
    setBusy(false);
    if (!res.ok) return setError(errText(res, LABELS));
    if (props.mode === "edit") props.onDone();
    else {
      formEl.reset();
      setAdded(true);
    }
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      data-testid={entry ? "entry-edit" : "entry-create"}
      className={
        entry ? "space-y-3 bg-slate-50 px-4 py-4" : "space-y-3 rounded-lg border border-slate-200 bg-white p-5"
      }
    >
      {!entry && <h2 className="font-medium">{t("add")}</h2>}
      <label className="block text-sm font-medium">
        {t("titleLabel")}
        <input
          name="title"
          required
          maxLength={300}
          defaultValue={entry?.title}
          placeholder={t("titlePlaceholder")}
          data-testid="entry-title"
          className={inputClass}
        />
      </label>
      <label className="block text-sm font-medium">
        {t("content")}
        <textarea
          name="content"
          required
          maxLength={20000}
          rows={4}
          defaultValue={entry?.content}
          placeholder={t("contentPlaceholder")}
          data-testid="entry-content"
          className={inputClass}
        />
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm font-medium">
          {t("tags")} <span className="font-normal text-slate-500">{t("commaSeparated")}</span>
          <input
            name="tags"
            defaultValue={entry?.tags.join(", ")}
            placeholder={t("tagsPlaceholder")}
            data-testid="entry-tags"
            className={inputClass}
          />
        </label>
        <label className="block text-sm font-medium">
          {t("knowledgeBase")}
          <select
            name="knowledgeBaseId"
            defaultValue={
              entry ? entry.knowledgeBaseId : props.mode === "create" ? props.defaultKnowledgeBaseId : undefined
            }
            disabled={!!entry}
            title={entry ? t("stays") : undefined}
            data-testid="entry-kb"
            className={inputClass}
          >
            {props.knowledgeBases.map((kb) => (
              <option data-i18n-skip key={kb.id} value={kb.id}>
                {kb.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p
          role="alert"
          data-testid="entry-error"
          className="whitespace-pre-line rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {error}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={busy} data-testid="entry-save" className={buttonClass}>
          {busy ? t("saving") : entry ? t("save") : t("addEntry")}
        </button>
        {props.mode === "edit" && (
          <button type="button" onClick={props.onDone} data-testid="entry-cancel" className={secondaryButtonClass}>
            {t("cancel")}
          </button>
        )}
        {added && (
          <span data-testid="entry-added" className="text-sm text-green-700">
            {t("added")}
          </span>
        )}
      </div>
    </form>
  );
}
