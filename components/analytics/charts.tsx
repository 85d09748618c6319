"use client";

import { useTranslations } from "next-intl";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Analytics } from "@/lib/analytics/schema";

function Card({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5" data-testid={`analytics-${id}`}>
      <h2 className="mb-3 font-medium text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

/** A chart, or — with nothing to draw — "no data" in its place rather than bare axes. */
function Chart({ empty, children }: { empty: boolean; children: React.ReactElement }) {
  const t = useTranslations("analytics");
  if (empty) {
    return (
      <div
        className="flex h-56 w-full items-center justify-center text-sm text-slate-400"
        data-testid="analytics-no-data"
      >
        {t("noData")}
      </div>
    );
  }
  return (
    <div className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

const pct = (v: number | null) => (v == null ? "—" : `${Math.round(v * 1000) / 10}%`);
const val = (v: number | null) => (v == null ? "—" : String(v));

/** The analytics figures as charts and small tables (recharts draws SVG in the browser). */
export function AnalyticsCharts({ data }: { data: Analytics }) {
  const t = useTranslations("analytics");
  const reason = (r: string) => (t.has(`reason.${r}`) ? t(`reason.${r}`) : r);
  const o = data.outcomes;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title={t("conversationsPerDay")} id="per-day">
        <Chart empty={!data.conversationsPerDay.some((d) => d.conversations > 0)}>
          <LineChart data={data.conversationsPerDay}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Line
              type="monotone"
              dataKey="conversations"
              name={t("conversations")}
              stroke="#2563eb"
              isAnimationActive={false}
            />
          </LineChart>
        </Chart>
      </Card>
      <Card title={t("outcomes")} id="outcomes">
        <dl className="mb-3 grid grid-cols-2 gap-2 text-sm">
          <dt>{t("conversations")}</dt>
          <dd data-testid="analytics-total">{o.conversations}</dd>
          <dt>{t("botResolutionRate")}</dt>
          <dd data-testid="analytics-resolution">{pct(o.botResolutionRate)}</dd>
          <dt>{t("handoffRate")}</dt>
          <dd>{pct(o.handoffRate)}</dd>
        </dl>
        <Chart empty={o.handoffReasons.length === 0}>
          <BarChart data={o.handoffReasons.map((r) => ({ ...r, label: reason(r.reason) }))}>
            <XAxis dataKey="label" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Bar dataKey="count" name={t("handoffReasons")} fill="#f59e0b" isAnimationActive={false} />
          </BarChart>
        </Chart>
      </Card>
      <Card title={t("humanTimes")} id="human">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-slate-500">
              <th />
              <th>p50</th>
              <th>p90</th>
              <th>n</th>
            </tr>
          </thead>
          <tbody>
            {(["firstResponse", "resolution"] as const).map((k) => {
              const p = k === "firstResponse" ? data.human.firstResponseSeconds : data.human.resolutionSeconds;
              return (
                <tr key={k}>
                  <td>{t(k)}</td>
                  <td>{p.p50 == null ? "—" : t("seconds", { value: p.p50 })}</td>
                  <td>{p.p90 == null ? "—" : t("seconds", { value: p.p90 })}</td>
                  <td>{p.count}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
      <Card title={t("csat")} id="csat">
        <Chart empty={data.csat.bot.average == null && data.csat.human.average == null}>
          <BarChart
            data={[
              { by: t("byBot"), ...data.csat.bot },
              { by: t("byHuman"), ...data.csat.human },
            ]}
          >
            <XAxis dataKey="by" fontSize={11} />
            <YAxis domain={[0, 5]} fontSize={11} />
            <Tooltip />
            <Bar dataKey="average" name={t("average")} fill="#10b981" isAnimationActive={false} />
          </BarChart>
        </Chart>
      </Card>
      <Card title={t("usage")} id="usage">
        <Chart empty={data.usage.perModel.length === 0}>
          <BarChart data={data.usage.perModel}>
            <XAxis dataKey="model" fontSize={11} />
            <YAxis fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar dataKey="answers" name={t("answers")} fill="#6366f1" isAnimationActive={false} />
            <Bar dataKey="tokens" name={t("tokens")} fill="#a5b4fc" isAnimationActive={false} />
          </BarChart>
        </Chart>
        <table className="mt-3 w-full text-sm">
          <thead>
            <tr className="text-left text-slate-500 [&>th]:pr-3">
              <th>{t("perBot")}</th>
              <th>{t("messages")}</th>
              <th>{t("answers")}</th>
              <th>{t("tokens")}</th>
            </tr>
          </thead>
          <tbody>
            {data.usage.perBot.map((b) => (
              <tr key={b.botId}>
                <td data-i18n-skip>{b.name}</td>
                <td>{b.messages}</td>
                <td>{b.answers}</td>
                <td>{b.tokens}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title={t("gaps")} id="gaps">
        <Chart empty={!data.knowledgeGaps.some((d) => d.gaps > 0 || d.asked > 0)}>
          <LineChart data={data.knowledgeGaps}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Legend />
            <Line dataKey="gaps" name={t("gapCount")} stroke="#ef4444" isAnimationActive={false} />
            <Line dataKey="asked" name={t("asked")} stroke="#fca5a5" isAnimationActive={false} />
          </LineChart>
        </Chart>
      </Card>
      <Card title={t("variants")} id="variants">
        <table className="w-full text-sm" data-testid="analytics-variants-table">
          <thead>
            <tr className="text-left text-slate-500 [&>th]:pr-3">
              <th>{t("model")}</th>
              <th>{t("variant")}</th>
              <th>{t("answers")}</th>
              <th>{t("handoffRate")}</th>
              <th>{t("average")}</th>
              <th>{t("firstTokenMs")}</th>
              <th>{t("tokensPerSecond")}</th>
            </tr>
          </thead>
          <tbody>
            {data.variants.length === 0 && (
              <tr>
                <td colSpan={7} className="py-6 text-center text-slate-400" data-testid="analytics-no-data">
                  {t("noData")}
                </td>
              </tr>
            )}
            {data.variants.map((v) => (
              <tr key={`${v.model}-${v.variant}`}>
                <td data-i18n-skip>{v.model}</td>
                <td>{v.variant ?? "—"}</td>
                <td>{v.answers}</td>
                <td>{pct(v.handoffRate)}</td>
                <td>
                  {val(v.averageRating)} ({v.ratings})
                </td>
                <td>{val(v.firstTokenMs)}</td>
                <td>{val(v.tokensPerSecond)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
