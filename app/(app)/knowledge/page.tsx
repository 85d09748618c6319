import { getFormatter, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { entryFacets, listEntryPage, listKnowledgeBases } from "@/lib/knowledge";
import { EntryForm } from "@/components/admin/entry-form";
import { KnowledgeBases } from "@/components/admin/knowledge-bases";
import { KnowledgeFilters } from "@/components/admin/knowledge-filters";
import { KnowledgeImport } from "@/components/admin/knowledge-import";
import { KnowledgePager } from "@/components/admin/knowledge-pager";
import { KnowledgeTable } from "@/components/admin/knowledge-table";

type Search = Promise<{ [key: string]: string | string[] | undefined }>;
const one = (v: string | string[] | undefined, max = 200) => (Array.isArray(v) ? v[0] : v)?.slice(0, max) ?? "";
const PAGE_SIZE = 50;

export async function generateMetadata() {
  return { title: (await getTranslations("knowledge"))("pageTitle") };
}

export default async function KnowledgePage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser("admin");
  const [t, format] = await Promise.all([getTranslations("knowledge"), getFormatter()]);
  const sp = await searchParams;
  const [kbs, facets] = await Promise.all([listKnowledgeBases(user.tenantId), entryFacets(user.tenantId)]);
  // a filter naming something this tenant does not have is ignored, like an unknown one
  const kb = kbs.some((k) => k.id === one(sp.kb)) ? one(sp.kb) : "";
  const tag = facets.tags.includes(one(sp.tag)) ? one(sp.tag) : "";
  const source = facets.sources.includes(one(sp.source, 2000)) ? one(sp.source, 2000) : "";
  const enabled = ["true", "false"].includes(one(sp.enabled)) ? one(sp.enabled) : "";
  const q = one(sp.q).trim();
  const filter = {
    q: q || undefined,
    knowledgeBaseId: kb || undefined,
    tag: tag || undefined,
    source: source || undefined,
    enabled: enabled ? enabled === "true" : undefined,
  };
  const { entries, total, page, pages } = await listEntryPage(user.tenantId, filter, {
    page: Number(one(sp.page)) || 1,
    pageSize: PAGE_SIZE,
  });
  const kbOptions = kbs.map((k) => ({ id: k.id, name: k.name }));
  const kbName = new Map(kbs.map((k) => [k.id, k.name]));
  const filtered = Object.values(filter).some((v) => v !== undefined);

  return (
    <div className="max-w-5xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
        </div>
        {kbs.length > 0 && <KnowledgeImport knowledgeBases={kbOptions} defaultKnowledgeBaseId={kb || kbs[0].id} />}
      </div>
      <KnowledgeBases
        knowledgeBases={kbs.map((k) => ({ id: k.id, name: k.name, entryCount: k.entryCount, bots: k.bots }))}
      />
      {kbs.length > 0 ? (
        <EntryForm mode="create" knowledgeBases={kbOptions} defaultKnowledgeBaseId={kb || kbs[0].id} />
      ) : (
        <p className="text-sm text-slate-500">{t("noBase")}</p>
      )}
      <KnowledgeFilters
        q={q}
        kb={kb}
        tag={tag}
        enabled={enabled}
        source={source}
        knowledgeBases={kbOptions}
        tags={facets.tags}
        sources={facets.sources}
      />
      <KnowledgePager
        page={page}
        pages={pages}
        total={total}
        shown={entries.length}
        pageSize={PAGE_SIZE}
        params={{ q, kb, tag, enabled, source }}
      />
      <KnowledgeTable
        knowledgeBases={kbOptions}
        total={total}
        filter={filter}
        emptyText={filtered ? t("noMatch") : t("noEntries")}
        entries={entries.map((e) => ({
          id: e.id,
          knowledgeBaseId: e.knowledgeBaseId,
          title: e.title,
          content: e.content,
          tags: e.tags,
          enabled: e.enabled,
          source: e.source,
          updated: format.dateTime(e.updatedAt, { dateStyle: "medium", timeStyle: "short" }),
          knowledgeBaseName: kbs.length > 1 ? kbName.get(e.knowledgeBaseId) : undefined,
        }))}
      />
    </div>
  );
}
