"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { buttonClass, callApi, inputClass, secondaryButtonClass } from "./api";
import type { GapView } from "./gap-list";

/** A new knowledge entry for a gap, its title pre-filled with the visitor's question. */
export function GapEntryForm({
  gap,
  knowledgeBases,
  onDone,
}: {
  gap: GapView;
  knowledgeBases: { id: string; name: string }[];
  onDone: () => void;
}) {
  const t = useTranslations("gaps.form");
  const errText = useErrorText();
  const LABELS: Record<string, string> = {
    title: t("title"),
    content: t("answer"),
    tags: t("tags"),
    knowledgeBaseId: t("knowledgeBase"),
  };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const tags = String(form.get("tags") ?? "")
      .split(/[,，]/)
      .map((t) => t.trim())
      .filter(Boolean);
    setBusy(true);
    setError("");
    const res = await callApi("POST", `/api/admin/gaps/${encodeURIComponent(gap.id)}/entry`, {
      title: String(form.get("title") ?? ""),
      content: String(form.get("content") ?? ""),
      tags: [...new Set(tags)],
      ...(form.get("knowledgeBaseId") ? { knowledgeBaseId: String(form.get("knowledgeBaseId")) } : {}),
    });
    setBusy(false);
    if (!res.ok) return setError(errText(res, LABELS));
    onDone();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-3 border-t border-slate-100 bg-slate-50 px-4 py-3"
      data-testid="gap-entry-form"
    >
      <label className="block text-sm font-medium">
        {t("title")}
        <input name="title" className={inputClass} defaultValue={gap.question} data-testid="gap-entry-title" />
      </label>
      <label className="block text-sm font-medium">
        {t("answer")}
        <textarea
          name="content"
          rows={4}
          className={inputClass}
          placeholder={t("answerPlaceholder")}
          data-testid="gap-entry-content"
        />
      </label>
      <div className="grid grid-cols-2 gap-3">
        <label className="block text-sm font-medium">
          {t("tags")}
          <input name="tags" className={inputClass} placeholder={t("tagsPlaceholder")} data-testid="gap-entry-tags" />
        </label>
        {knowledgeBases.length > 1 && (
          <label className="block text-sm font-medium">
            {t("knowledgeBase")}
            <select name="knowledgeBaseId" className={inputClass} data-testid="gap-entry-kb">
              {knowledgeBases.map((k) => (
                <option data-i18n-skip key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {error && (
        <p
          role="alert"
          className="whitespace-pre-line rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
          data-testid="gap-entry-error"
        >
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={busy} data-testid="gap-entry-save">
          {t("save")}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone} disabled={busy}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
