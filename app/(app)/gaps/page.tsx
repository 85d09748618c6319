import { requireUser } from "@/lib/auth/caller";
import { listKnowledgeBases } from "@/lib/knowledge";
import { listOpenGapsPage } from "@/lib/knowledge/gaps";
import { GapList } from "@/components/admin/gap-list";
import { KnowledgePager } from "@/components/admin/knowledge-pager";

type Search = Promise<{ [key: string]: string | string[] | undefined }>;
const PAGE_SIZE = 50;

export default async function GapsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser("admin");
  const sp = await searchParams;
  const requested = Number((Array.isArray(sp.page) ? sp.page[0] : sp.page) ?? 1) || 1;
  const [{ gaps, total, page, pages }, kbs] = await Promise.all([
    listOpenGapsPage(user.tenantId, { page: requested, pageSize: PAGE_SIZE }),
    listKnowledgeBases(user.tenantId),
  ]);
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Knowledge gaps</h1>
        <p className="mt-1 text-sm text-slate-600">
          Questions the bots could not answer from the knowledge (the best match was below the bot&apos;s confidence threshold).
          Add an entry to answer one, or dismiss it.
        </p>
      </div>
      {total > 0 && <KnowledgePager page={page} pages={pages} total={total} shown={gaps.length} pageSize={PAGE_SIZE} params={{}} path="/gaps" unit="openQuestions" />}
      <GapList
        gaps={gaps.map((g) => ({
          id: g.id,
          question: g.question,
          count: g.count,
          bestScore: g.bestScore,
          botName: g.botName,
          lastAsked: fmt.format(g.lastAskedAt),
        }))}
        knowledgeBases={kbs.map((k) => ({ id: k.id, name: k.name }))}
      />
    </div>
  );
}
