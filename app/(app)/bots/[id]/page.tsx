import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { getBot } from "@/lib/bots";
import { embedSnippet } from "@/lib/bots/embed";
import { listVersions } from "@/lib/bots/versions";
import { KefuError } from "@/lib/errors";
import { listKnowledgeBases } from "@/lib/knowledge";
import { BotActions } from "@/components/admin/bot-actions";
import { BotForm } from "@/components/admin/bot-form";
import { BotDrafts } from "@/components/admin/bot-drafts";
import { BotHistory } from "@/components/admin/bot-history";
import { getDraft, listQuestions } from "@/lib/bots/drafts";
import { EmbedSnippet } from "@/components/admin/embed-snippet";
import { WidgetSecret } from "@/components/admin/widget-secret";
import { getWidgetSecret } from "@/lib/tenants/widget-secret";

async function findBot(tenantId: string, id: string) {
  try {
    return await getBot(tenantId, id);
  } catch (err) {
    if (err instanceof KefuError && err.code === "not_found") return undefined;
    throw err;
  }
}

export default async function BotPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("admin");
  const { id } = await params;
  const bot = await findBot(user.tenantId, id);
  if (!bot) notFound();
  const t = await getTranslations("bots");
  const [kbs, versions, questions, draft] = await Promise.all([
    listKnowledgeBases(user.tenantId),
    listVersions(user.tenantId, bot.id),
    listQuestions(user.tenantId, bot.id),
    getDraft(user.tenantId, bot.id),
  ]);
  return (
    <div className="max-w-3xl space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <Link href="/bots" className="text-sm text-indigo-600 hover:underline">
            {t("back")}
          </Link>
          <h1 className="mt-1 text-xl font-semibold" data-testid="bot-title">
            {bot.name}
          </h1>
        </div>
        <BotActions bot={{ id: bot.id, name: bot.name }} />
      </div>
      {/* a rollback or a published draft changes the bot from outside the form: only then is the form drawn anew
          with the values now live (a save from the form keeps it, with its "Saved") */}
      <BotForm
        key={versions.find((v) => v.action !== "updated")?.id ?? "form"}
        bot={bot}
        knowledgeBases={kbs.map((k) => ({ id: k.id, name: k.name, entries: k._count.entries }))}
      />
      <BotDrafts
        botId={bot.id}
        live={{ greeting: bot.greeting, instructions: bot.instructions, temperature: bot.temperature }}
        initialQuestions={questions.map((q) => ({ id: q.id, text: q.text }))}
        initialDraft={draft && { config: draft.config, changes: draft.changes }}
      />
      <BotHistory botId={bot.id} versions={versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }))} />
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-medium">{t("embed.title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("embed.text")}</p>
        <EmbedSnippet snippet={embedSnippet(bot.publicKey)} />
        <p className="mt-3 text-sm">
          <Link href={`/demo?bot=${bot.id}`} className="text-indigo-600 hover:underline" data-testid="demo-link">
            {t("embed.demo")}
          </Link>
        </p>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-medium">{t("secret.title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("secret.text")}</p>
        <WidgetSecret secret={await getWidgetSecret(user.tenantId)} />
      </section>
    </div>
  );
}
