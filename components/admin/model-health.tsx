"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ModelHealth } from "@/lib/llm/health";

const HOURS = [1, 6, 24] as const;
const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const mb = (bytes: number | null) => (bytes ? `${Math.round(bytes / 1048576)} MB` : "—");
const ms = (v: number | null) => (v == null ? "—" : `${v} ms`);

/** A card per loaded model and inference process, with charts of the chosen hours (refreshed every 30 s). */
export function ModelHealthCards() {
  const t = useTranslations("modelHealth");
  const tModels = useTranslations("models");
  const [hours, setHours] = useState<(typeof HOURS)[number]>(6);
  const [data, setData] = useState<ModelHealth>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let stop = false;
    const load = () =>
      fetch(`/api/admin/model-health?hours=${hours}`)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
        .then((d: ModelHealth) => !stop && (setData(d), setFailed(false)))
        .catch(() => !stop && setFailed(true));
    void load();
    const timer = setInterval(load, 30_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [hours]);

  return (
    <section className="space-y-4" data-testid="model-health">
      <div className="flex items-center justify-between">
        <div>
          <h2 className="text-lg font-semibold">{t("title")}</h2>
          <p className="text-sm text-slate-600">{t("intro")}</p>
        </div>
        <label className="text-sm text-slate-700">
          {t("range")}{" "}
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={hours}
            onChange={(e) => setHours(Number(e.target.value) as (typeof HOURS)[number])}
          >
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {t("hours", { count: h })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {failed && <p className="text-sm text-red-600">{t("loadFailed")}</p>}
      {data && data.models.length === 0 && <p className="text-sm text-slate-600">{t("noModels")}</p>}
      {data?.models.map((m) => {
        const stats = [
          { id: "ttft-p50", label: t("firstTokenP50"), value: ms(m.firstTokenP50Ms) },
          { id: "ttft-p95", label: t("firstTokenP95"), value: ms(m.firstTokenP95Ms) },
          { id: "answers", label: t("answers"), value: String(m.answers) },
          { id: "error-rate", label: t("errorRate"), value: `${(m.errorRate * 100).toFixed(1)}%` },
          { id: "memory", label: t("memory"), value: mb(m.memoryBytes) },
          { id: "queue", label: t("queue"), value: String(m.queueLength) },
          { id: "restarts", label: t("restarts"), value: String(m.restarts) },
        ];
        const points = m.history.map((p) => ({
          ...p,
          time: time(p.at),
          memoryMb: p.memoryBytes ? Math.round(p.memoryBytes / 1048576) : null,
        }));
        return (
          <article
            key={`${m.process}-${m.model}`}
            className="rounded-lg border border-slate-200 bg-white p-5"
            data-testid={`model-card-${m.model}`}
            data-process={m.process}
          >
            <h3 className="font-medium">
              <span data-i18n-skip>{m.model}</span>{" "}
              <span className="text-xs text-slate-500">
                {m.process === "chat" ? t("chatProcess") : t("embeddingProcess")} ·{" "}
                {tModels.has(`status.${m.status}`) ? tModels(`status.${m.status}`) : m.status}
              </span>
            </h3>
            <dl className="mt-3 grid grid-cols-4 gap-3 text-sm md:grid-cols-7">
              {stats.map((s) => (
                <div key={s.id} data-testid={`model-${s.id}`}>
                  <dt className="text-slate-500">{s.label}</dt>
                  <dd className="font-semibold">{s.value}</dd>
                </div>
              ))}
            </dl>
            <div className="mt-4 grid gap-4 md:grid-cols-2">
              <Chart
                title={t("latencyChart")}
                points={points}
                lines={[
                  ["firstTokenP50Ms", t("firstTokenP50"), "#2563eb"],
                  ["firstTokenP95Ms", t("firstTokenP95"), "#dc2626"],
                ]}
              />
              <Chart
                title={t("loadChart")}
                points={points}
                lines={[
                  ["memoryMb", t("memoryMb"), "#16a34a"],
                  ["queueLength", t("queue"), "#9333ea"],
                  ["errors", t("errors"), "#dc2626"],
                ]}
              />
            </div>
          </article>
        );
      })}
      {data && (
        <p className="text-sm text-slate-700" data-testid="light-switches">
          {t("lightSwitches", { count: data.lightSwitches.filter((s) => s.to === "light").length })}
        </p>
      )}
    </section>
  );
}

function Chart({
  title,
  points,
  lines,
}: {
  title: string;
  points: Record<string, unknown>[];
  lines: [string, string, string][];
}) {
  return (
    <figure>
      <figcaption className="mb-1 text-xs text-slate-500">{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="time" fontSize={11} />
          <YAxis fontSize={11} width={40} />
          <Tooltip />
          <Legend />
          {lines.map(([key, name, color]) => (
            <Line
              key={key}
              type="monotone"
              dataKey={key}
              name={name}
              stroke={color}
              dot={points.length < 3}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
