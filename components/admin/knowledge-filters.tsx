"use client";

import { inputClass, secondaryButtonClass } from "./api";

/** A plain GET form (?q=&kb=), so a search is a link that can be shared or reloaded. */
export function KnowledgeFilters({ q, kb, knowledgeBases }: { q: string; kb: string; knowledgeBases: { id: string; name: string }[] }) {
  return (
    <form method="get" action="/knowledge" role="search" className="flex flex-wrap items-end gap-3">
      <label className="block min-w-64 flex-1 text-sm">
        <span className="sr-only">Search</span>
        <input type="search" name="q" defaultValue={q} placeholder="Search titles and content" data-testid="knowledge-search" className={inputClass} />
      </label>
      {knowledgeBases.length > 0 && (
        <label className="block text-sm">
          <span className="sr-only">Knowledge base</span>
          <select name="kb" defaultValue={kb} onChange={(e) => e.currentTarget.form?.requestSubmit()} data-testid="knowledge-kb-filter" className={inputClass}>
            <option value="">All knowledge bases</option>
            {knowledgeBases.map((k) => (
              <option key={k.id} value={k.id}>{k.name}</option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" data-testid="knowledge-search-submit" className={`${secondaryButtonClass} py-2`}>Search</button>
    </form>
  );
}
