import { requireUser } from "@/lib/auth/caller";
import { listKnowledgeBases } from "@/lib/knowledge";
import { listOpenGaps } from "@/lib/knowledge/gaps";
import { GapList } from "@/components/admin/gap-list";

export default async function GapsPage() {
  const user = await requireUser("admin");
  const [gaps, kbs] = await Promise.all([listOpenGaps(user.tenantId), listKnowledgeBases(user.tenantId)]);
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
