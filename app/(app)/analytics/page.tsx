import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { analyticsOf, analyticsQuerySchema } from "@/lib/analytics";
import { listBots } from "@/lib/bots";
import { KefuError } from "@/lib/errors";
import { AnalyticsCharts } from "@/components/analytics/charts";

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AnalyticsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser("admin");
  const t = await getTranslations("analytics");
  const raw = Object.fromEntries(
    Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" && v ? [[k, v]] : [])),
  );
  const parsed = analyticsQuerySchema.safeParse(raw);
  let error: string | undefined;
  let data: Awaited<ReturnType<typeof analyticsOf>> | undefined;
  if (!parsed.success) error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  else {
    try {
      data = await analyticsOf(user.tenantId, parsed.data);
    } catch (err) {
      if (!(err instanceof KefuError)) throw err;
      error = err.message;
    }
  }
  const bots = await listBots(user.tenantId);
  const from = raw.from ?? data?.range.from.slice(0, 10) ?? "";
  // the range's `to` is exclusive; the form shows the last day included
  const to = raw.to ?? (data ? new Date(Date.parse(data.range.to) - 1).toISOString().slice(0, 10) : "");
  const csv = `/api/admin/analytics/csv?${new URLSearchParams({ from, to, ...(raw.botId ? { botId: raw.botId } : {}) })}`;
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("subtitle")}</p>
      </div>
      <form className="flex flex-wrap items-end gap-3 text-sm" method="get" data-testid="analytics-filter">
        <label className="flex flex-col gap-1">
          {t("from")}
          <input
            type="date"
            name="from"
            defaultValue={from}
            className="rounded border px-2 py-1"
            data-testid="analytics-from"
          />
        </label>
        <label className="flex flex-col gap-1">
          {t("to")}
          <input
            type="date"
            name="to"
            defaultValue={to}
            className="rounded border px-2 py-1"
            data-testid="analytics-to"
          />
        </label>
        <label className="flex flex-col gap-1">
          {t("bot")}
          <select
            name="botId"
            defaultValue={raw.botId ?? ""}
            className="rounded border px-2 py-1"
            data-testid="analytics-bot"
          >
            <option value="">{t("allBots")}</option>
            {bots.map((b) => (
              <option key={b.id} value={b.id} data-i18n-skip>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-white" data-testid="analytics-apply">
          {t("apply")}
        </button>
        {data && (
          <a href={csv} download className="rounded-md border px-3 py-1.5" data-testid="analytics-csv">
            {t("csv")}
          </a>
        )}
      </form>
      {error && (
        <p
          className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-700"
          role="alert"
          data-testid="analytics-error"
        >
          {error}
        </p>
      )}
      {data && <AnalyticsCharts data={data} />}
    </div>
  );
}
