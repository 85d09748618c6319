import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { LiveMetrics } from "@/components/admin/live-metrics";
import { ModelHealthCards } from "@/components/admin/model-health";
import { envVar } from "@/lib/env";

export async function generateMetadata() {
  return { title: (await getTranslations("monitoring"))("pageTitle") };
}

export default async function MonitoringPage() {
  await requireUser("admin");
  const t = await getTranslations("monitoring");
  const metricsToken = Boolean(envVar("KEFU_METRICS_TOKEN"));
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      <LiveMetrics />
      <ModelHealthCards />
      <section
        className="rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700"
        data-testid="prometheus-note"
      >
        <h2 className="font-medium text-slate-900">{t("prometheus")}</h2>
        <p className="mt-1">
          {t.rich("exposes", { code: (c) => <code className="rounded bg-slate-100 px-1">{c}</code> })}{" "}
          {metricsToken ? t("withToken") : t("withoutToken")}
        </p>
      </section>
    </div>
  );
}
