"use client";

import { useTranslations } from "next-intl";
import { inputClass, secondaryButtonClass } from "./api";

export type FilterValues = { q: string; kb: string; tag: string; enabled: string; source: string };
type Props = FilterValues & { knowledgeBases: { id: string; name: string }[]; tags: string[]; sources: string[] };

/** A plain GET form (?q=&kb=&tag=&enabled=&source=), so a search is a link that can be shared or reloaded. */
export function KnowledgeFilters({ q, kb, tag, enabled, source, knowledgeBases, tags, sources }: Props) {
  const t = useTranslations("knowledge.filters");
  const submit = (e: React.ChangeEvent<HTMLSelectElement>) => e.currentTarget.form?.requestSubmit();
  return (
    <form method="get" action="/knowledge" role="search" className="flex flex-wrap items-end gap-3">
      <label className="block min-w-64 flex-1 text-sm">
        <span className="sr-only">{t("search")}</span>
        <input
          type="search"
          name="q"
          defaultValue={q}
          placeholder={t("placeholder")}
          data-testid="knowledge-search"
          className={inputClass}
        />
      </label>
      {knowledgeBases.length > 0 && (
        <label className="block text-sm">
          <span className="sr-only">{t("kb")}</span>
          <select
            name="kb"
            defaultValue={kb}
            onChange={submit}
            data-testid="knowledge-kb-filter"
            className={inputClass}
          >
            <option value="">{t("allKbs")}</option>
            {knowledgeBases.map((k) => (
              <option data-i18n-skip key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="block text-sm">
        <span className="sr-only">{t("tag")}</span>
        <select
          name="tag"
          defaultValue={tag}
          onChange={submit}
          data-testid="knowledge-tag-filter"
          className={inputClass}
        >
          <option value="">{t("anyTag")}</option>
          {tags.map((t) => (
            <option data-i18n-skip key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        <span className="sr-only">{t("enabled")}</span>
        <select
          name="enabled"
          defaultValue={enabled}
          onChange={submit}
          data-testid="knowledge-enabled-filter"
          className={inputClass}
        >
          <option value="">{t("enabledAny")}</option>
          <option value="true">{t("yes")}</option>
          <option value="false">{t("no")}</option>
        </select>
      </label>
      <label className="block max-w-64 text-sm">
        <span className="sr-only">{t("source")}</span>
        <select
          name="source"
          defaultValue={source}
          onChange={submit}
          data-testid="knowledge-source-filter"
          className={inputClass}
        >
          <option value="">{t("anySource")}</option>
          {sources.map((s) => (
            <option key={s} value={s} data-i18n-skip={s === "manual" ? undefined : ""}>
              {s === "manual" ? t("manual") : s}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="knowledge-search-submit" className={`${secondaryButtonClass} py-2`}>
        {t("submit")}
      </button>
    </form>
  );
}
