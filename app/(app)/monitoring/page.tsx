import { requireUser } from "@/lib/auth/caller";
import { LiveMetrics } from "@/components/admin/live-metrics";
import { ModelHealthCards } from "@/components/admin/model-health";
import { envVar } from "@/lib/env";

export default async function MonitoringPage() {
  await requireUser("admin");
  const metricsToken = Boolean(envVar("KEFU_METRICS_TOKEN"));
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Monitoring</h1>
        <p className="mt-1 text-sm text-slate-600">This workspace's live figures, refreshed every 2 seconds.</p>
      </div>
      <LiveMetrics />
      <ModelHealthCards />
      <section className="rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700" data-testid="prometheus-note">
        <h2 className="font-medium text-slate-900">Prometheus</h2>
        <p className="mt-1">
          The server exposes every tenant&apos;s figures in Prometheus format at <code className="rounded bg-slate-100 px-1">/metrics</code>.{" "}
          {metricsToken
            ? "It needs the header Authorization: Bearer <KEFU_METRICS_TOKEN>."
            : "It answers only on localhost; set KEFU_METRICS_TOKEN to scrape it from another machine with Authorization: Bearer <token>."}
        </p>
      </section>
    </div>
  );
}
