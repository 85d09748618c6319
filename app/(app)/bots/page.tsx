import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { listBots } from "@/lib/bots";
import { listKnowledgeBases } from "@/lib/knowledge";
import { BotCreate } from "@/components/admin/bot-create";

export default async function BotsPage() {
  const user = await requireUser("admin");
  const t = await getTranslations("bots");
  const [bots, kbs] = await Promise.all([listBots(user.tenantId), listKnowledgeBases(user.tenantId)]);
  const kbName = new Map(kbs.map((k) => [k.id, k.name]));
  return (
    <div className="max-w-4xl">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      <BotCreate />
      {bots.length === 0 ? (
        <p className="mt-6 text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {bots.map((b) => (
            <li key={b.id} data-testid="bot-row" data-bot-id={b.id}>
              <Link
                href={`/bots/${b.id}`}
                className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50"
              >
                <div className="min-w-0">
                  <div className="font-medium" data-testid="bot-row-name" data-i18n-skip>
                    {b.name}
                  </div>
                  <div className="truncate text-sm text-slate-500" data-i18n-skip={b.greeting ? "" : undefined}>
                    {b.greeting || t("noGreeting")}
                  </div>
                </div>
                <div className="shrink-0 text-right text-xs text-slate-500">
                  {b.knowledgeBaseIds.some((id) => kbName.has(id)) ? (
                    <div data-i18n-skip>
                      {b.knowledgeBaseIds
                        .map((id) => kbName.get(id))
                        .filter(Boolean)
                        .join(", ")}
                    </div>
                  ) : (
                    <div>{t("noKnowledge")}</div>
                  )}
                  <div className="font-mono" data-i18n-skip>
                    {b.publicKey}
                  </div>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
