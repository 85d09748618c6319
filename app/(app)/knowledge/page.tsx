import { requireUser } from "@/lib/auth/caller";
import { listEntries, listKnowledgeBases } from "@/lib/knowledge";
import { EntryForm } from "@/components/admin/entry-form";
import { EntryRow } from "@/components/admin/entry-row";
import { KnowledgeFilters } from "@/components/admin/knowledge-filters";

type Search = Promise<{ [key: string]: string | string[] | undefined }>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.slice(0, 200) ?? "";

export default async function KnowledgePage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser("admin");
  const sp = await searchParams;
  const q = one(sp.q).trim();
  const kbs = await listKnowledgeBases(user.tenantId);
  // a filter naming a base this tenant does not have is ignored, like an unknown one
  const kb = kbs.some((k) => k.id === one(sp.kb)) ? one(sp.kb) : "";
  const entries = await listEntries(user.tenantId, { q: q || undefined, knowledgeBaseId: kb || undefined });
  const kbOptions = kbs.map((k) => ({ id: k.id, name: k.name }));
  const kbName = new Map(kbs.map((k) => [k.id, k.name]));
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Knowledge</h1>
        <p className="mt-1 text-sm text-slate-600">The bots answer from these entries. Disabled entries are never used.</p>
      </div>
      {kbs.length > 0 ? (
        <EntryForm mode="create" knowledgeBases={kbOptions} defaultKnowledgeBaseId={kb || kbs[0].id} />
      ) : (
        <p className="text-sm text-slate-500">This workspace has no knowledge base yet.</p>
      )}
      <KnowledgeFilters q={q} kb={kb} knowledgeBases={kbOptions} />
      <div className="rounded-lg border border-slate-200 bg-white">
        <div className="grid grid-cols-[1fr_12rem_6rem_9rem_9rem] gap-3 border-b border-slate-200 px-4 py-2 text-xs font-medium uppercase text-slate-500">
          <div>Title</div>
          <div>Tags</div>
          <div>Enabled</div>
          <div>Updated</div>
          <div />
        </div>
        {entries.length === 0 && (
          <p className="px-4 py-6 text-sm text-slate-500" data-testid="entries-empty">
            {q || kb ? "No entries match." : "No entries yet: add the first one above."}
          </p>
        )}
        <ul className="divide-y divide-slate-100">
          {entries.map((e) => (
            <EntryRow
              key={e.id}
              entry={{
                id: e.id,
                knowledgeBaseId: e.knowledgeBaseId,
                title: e.title,
                content: e.content,
                tags: e.tags,
                enabled: e.enabled,
                updated: fmt.format(e.updatedAt),
              }}
              knowledgeBaseName={kbs.length > 1 ? kbName.get(e.knowledgeBaseId) : undefined}
              knowledgeBases={kbOptions}
            />
          ))}
        </ul>
      </div>
    </div>
  );
}
