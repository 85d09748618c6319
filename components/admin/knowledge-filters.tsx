"use client";

import { inputClass, secondaryButtonClass } from "./api";

export type FilterValues = { q: string; kb: string; tag: string; enabled: string; source: string };
type Props = FilterValues & { knowledgeBases: { id: string; name: string }[]; tags: string[]; sources: string[] };

/** A plain GET form (?q=&kb=&tag=&enabled=&source=), so a search is a link that can be shared or reloaded. */
export function KnowledgeFilters({ q, kb, tag, enabled, source, knowledgeBases, tags, sources }: Props) {
  const submit = (e: React.ChangeEvent<HTMLSelectElement>) => e.currentTarget.form?.requestSubmit();
  return (
    <form method="get" action="/knowledge" role="search" className="flex flex-wrap items-end gap-3">
      <label className="block min-w-64 flex-1 text-sm">
        <span className="sr-only">Search</span>
        <input type="search" name="q" defaultValue={q} placeholder="Search titles, content and tags" data-testid="knowledge-search" className={inputClass} />
      </label>
      {knowledgeBases.length > 0 && (
        <label className="block text-sm">
          <span className="sr-only">Knowledge base</span>
          <select name="kb" defaultValue={kb} onChange={submit} data-testid="knowledge-kb-filter" className={inputClass}>
            <option value="">All knowledge bases</option>
            {knowledgeBases.map((k) => (
              <option key={k.id} value={k.id}>{k.name}</option>
            ))}
          </select>
        </label>
      )}
      <label className="block text-sm">
        <span className="sr-only">Tag</span>
        <select name="tag" defaultValue={tag} onChange={submit} data-testid="knowledge-tag-filter" className={inputClass}>
          <option value="">Any tag</option>
          {tags.map((t) => (
            <option key={t} value={t}>{t}</option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        <span className="sr-only">Enabled</span>
        <select name="enabled" defaultValue={enabled} onChange={submit} data-testid="knowledge-enabled-filter" className={inputClass}>
          <option value="">Enabled or not</option>
          <option value="true">Enabled</option>
          <option value="false">Disabled</option>
        </select>
      </label>
      <label className="block max-w-64 text-sm">
        <span className="sr-only">Source</span>
        <select name="source" defaultValue={source} onChange={submit} data-testid="knowledge-source-filter" className={inputClass}>
          <option value="">Any source</option>
          {sources.map((s) => (
            <option key={s} value={s}>{s === "manual" ? "Added by hand" : s}</option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="knowledge-search-submit" className={`${secondaryButtonClass} py-2`}>Search</button>
    </form>
  );
}
