import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { listBots } from "@/lib/bots";
import { Playground } from "@/components/admin/playground";

export async function generateMetadata() {
  return { title: (await getTranslations("playground"))("pageTitle") };
}

export default async function PlaygroundPage() {
  const user = await requireUser("admin");
  const t = await getTranslations("playground");
  const bots = await listBots(user.tenantId);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      {bots.length ? (
        <Playground bots={bots.map((b) => ({ id: b.id, name: b.name }))} />
      ) : (
        <p className="text-sm text-slate-500">{t("noBot")}</p>
      )}
    </div>
  );
}
