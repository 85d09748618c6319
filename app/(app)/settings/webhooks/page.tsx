import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { listWebhooks, WEBHOOK_EVENTS } from "@/lib/webhooks";
import { WebhooksManager } from "@/components/webhooks/webhooks-manager";

export async function generateMetadata() {
  return { title: `${(await getTranslations("webhooks"))("title")} · Kefu` };
}

export default async function WebhooksPage() {
  const user = await requireUser("admin");
  const [hooks, t] = await Promise.all([listWebhooks(user.tenantId), getTranslations("webhooks")]);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      <WebhooksManager
        events={[...WEBHOOK_EVENTS]}
        hooks={hooks.map((h) => ({ ...h, createdAt: h.createdAt.toISOString() }))}
      />
    </div>
  );
}
