"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { AgentEventPayloads, AgentRequestPayloads, Emits, LiveSnapshot, Requests } from "@/widget/socket-events";

type State = { status: "connecting" | "live" | "offline"; error?: string; snapshot?: LiveSnapshot };

const dash = "—";
const num = (v: number | null | undefined, digits = 0) => (v == null ? dash : v.toFixed(digits));

/** Live cards from the /agent socket; the session cookie authenticates it and the server scopes it to our tenant. */
export function LiveMetrics() {
  const t = useTranslations("monitoring");
  const format = useFormatter();
  const [state, setState] = useState<State>({ status: "connecting" });

  useEffect(() => {
    const socket: Socket<Emits<AgentEventPayloads>, Requests<AgentRequestPayloads, "metrics:subscribe">> = io(
      "/agent",
      { transports: ["websocket"] },
    );
    // a reconnect is a new socket on the server: subscribe again each time
    socket.on("connect", () => {
      setState((s) => ({ ...s, status: "live", error: undefined }));
      socket.emit("metrics:subscribe");
    });
    socket.on("metrics", (snapshot) => setState({ status: "live", snapshot }));
    socket.on("disconnect", () => setState((s) => ({ ...s, status: "offline" })));
    socket.on("connect_error", (err: Error & { data?: { message?: string } }) =>
      setState((s) => ({ ...s, status: "offline", error: err.data?.message ?? err.message })),
    );
    return () => {
      socket.close();
    };
  }, []);

  const s = state.snapshot;
  const cards = [
    { id: "open-conversations", value: num(s?.openConversations) },
    { id: "messages-per-minute", value: num(s?.messagesPerMinute) },
    { id: "ttft", value: num(s?.firstTokenMs), unit: t("ms") },
    { id: "tps", value: num(s?.tokensPerSecond, 1) },
    { id: "errors", value: num(s?.errorsLast5m) },
  ] as const;

  return (
    <section className="space-y-4">
      <div className="flex items-center gap-2 text-sm" data-testid="metrics-status">
        <span
          className={`h-2 w-2 rounded-full ${state.status === "live" ? "bg-green-500" : state.status === "offline" ? "bg-red-500" : "bg-amber-400"}`}
        />
        {state.error ? (
          <span role="alert" className="text-red-600">
            {t("notConnected", { error: state.error })}
          </span>
        ) : (
          <span>
            {state.status === "live" ? t("live") : state.status === "offline" ? t("offline") : t("connecting")}
          </span>
        )}
        {s && (
          <span className="text-slate-500" data-testid="metrics-updated">
            {t("updated", { time: format.dateTime(new Date(s.at), { timeStyle: "medium" }) })}
          </span>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map((c) => (
          <div key={c.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <div className="text-xs font-medium uppercase text-slate-500">{t(`cards.${c.id}`)}</div>
            <div className="mt-1 text-3xl font-semibold tabular-nums">
              <span data-testid={`metric-${c.id}`}>{c.value}</span>
              {"unit" in c && c.value !== dash && (
                <span className="ml-1 text-base font-normal text-slate-500">{c.unit}</span>
              )}
            </div>
          </div>
        ))}
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="text-xs font-medium uppercase text-slate-500">{t("model")}</div>
          <div className="mt-1 truncate font-mono text-sm" data-testid="metric-model" data-i18n-skip>
            {s ? (s.model.id ?? t("noneLoaded")) : dash}
          </div>
          <div className="mt-1 text-sm text-slate-600">
            <span data-testid="metric-model-status">
              {s
                ? t.has(`modelStatus.${s.model.status}`)
                  ? t(`modelStatus.${s.model.status}`)
                  : s.model.status
                : dash}
            </span>
            {s && ` · ${t("threads", { count: s.model.threads })}`}
          </div>
        </div>
      </div>
      {s && <p className="text-xs text-slate-500">{t("speedNote")}</p>}
    </section>
  );
}
