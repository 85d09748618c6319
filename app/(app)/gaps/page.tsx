import { getFormatter, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { listKnowledgeBases } from "@/lib/knowledge";
import { listOpenGapsPage } from "@/lib/knowledge/gaps";
import { GapList } from "@/components/admin/gap-list";
import { KnowledgePager } from "@/components/admin/knowledge-pager";

type Search = Promise<{ [key: string]: string | string[] | undefined }>;
const PAGE_SIZE = 50;

export async function generateMetadata() {
  return { title: (await getTranslations("gaps"))("pageTitle") };
}

export default async function GapsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser("admin");
  const sp = await searchParams;
  const requested = Number((Array.isArray(sp.page) ? sp.page[0] : sp.page) ?? 1) || 1;
  const [{ gaps, total, page, pages }, kbs] = await Promise.all([
    listOpenGapsPage(user.tenantId, { page: requested, pageSize: PAGE_SIZE }),
    listKnowledgeBases(user.tenantId),
  ]);
  const [t, format] = await Promise.all([getTranslations("gaps"), getFormatter()]);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      {total > 0 && (
        <KnowledgePager
          page={page}
          pages={pages}
          total={total}
          shown={gaps.length}
          pageSize={PAGE_SIZE}
          params={{}}
          path="/gaps"
          unit="openQuestions"
        />
      )}
      <GapList
        gaps={gaps.map((g) => ({
          id: g.id,
          question: g.question,
          count: g.count,
          bestScore: g.bestScore,
          botName: g.botName,
          lastAsked: format.dateTime(g.lastAskedAt, { dateStyle: "medium", timeStyle: "short" }),
        }))}
        knowledgeBases={kbs.map((k) => ({ id: k.id, name: k.name }))}
      />
    </div>
  );
}
