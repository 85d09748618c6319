"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { botApi } from "@/components/admin/bot-api";
import type { WireMessage } from "./types";

/** One bot answer's trace as GET /api/admin/conversations/:id/trace gives it (lib/api/schemas-trace.ts). */
export type AnswerTrace = {
  messageId: string;
  answerKind: string | null;
  model: string | null;
  variant: string | null;
  degraded: boolean;
  retrievalMs: number | null;
  queueMs: number | null;
  promptMs: number | null;
  generationMs: number | null;
  durationMs: number | null;
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  tokensPerSecond: number | null;
};

/**
 * The traces of a conversation's bot answers, by message id, for admins (null for agents: nothing is fetched). Loaded
 * again when a bot answer arrives: the trace is stored with the answer, so it is there when the message is.
 */
export function useAnswerTraces(conversationId: string, messages: WireMessage[], enabled: boolean) {
  const [traces, setTraces] = useState<Map<string, AnswerTrace>>(new Map());
  const botAnswers = messages.filter((m) => m.role === "bot").length;
  useEffect(() => {
    if (!enabled || botAnswers === 0) return;
    let live = true;
    void botApi<{ data: AnswerTrace[] }>(
      "GET",
      `/api/admin/conversations/${encodeURIComponent(conversationId)}/trace`,
    ).then((r) => {
      // a failed load shows no trace; the next bot answer tries again
      if (live && r.ok) setTraces(new Map(r.data.data.map((t) => [t.messageId, t])));
    });
    return () => {
      live = false;
    };
  }, [conversationId, botAnswers, enabled]);
  return enabled ? traces : null;
}

const stageTotal = (t: AnswerTrace) =>
  t.durationMs ?? [t.retrievalMs, t.queueMs, t.promptMs, t.generationMs].reduce<number>((s, v) => s + (v ?? 0), 0);

/** A small disclosure under a bot answer: where its time went, its tokens and the model that wrote it. */
export function AnswerTraceDetails({ trace }: { trace: AnswerTrace }) {
  const t = useTranslations("inbox.trace");
  const format = useFormatter();
  const n = (v: number, digits = 1) => format.number(v, { maximumFractionDigits: digits });
  const total = stageTotal(trace);
  const stages = (["retrieval", "queue", "prompt", "generation"] as const)
    .map((s) => [s, trace[`${s}Ms`]] as const)
    .filter(([, v]) => v != null) as [string, number][];
  return (
    <details
      data-testid="answer-trace"
      data-message-id={trace.messageId}
      data-model={trace.model ?? ""}
      data-kind={trace.answerKind ?? ""}
      className="mt-1 text-[11px] text-slate-600"
    >
      <summary className="cursor-pointer select-none opacity-70 hover:opacity-100">
        {total > 0 ? t("summary", { ms: n(total, 0) }) : t("summaryNoTime")}
      </summary>
      <div className="mt-1 space-y-0.5 rounded border border-indigo-100 bg-white/70 px-2 py-1">
        {trace.model ? (
          <div data-testid="answer-trace-model">
            {t("model")}:{" "}
            <span data-i18n-skip className="font-mono">
              {trace.model}
            </span>
            {trace.variant ? ` · ${t("variant", { variant: trace.variant })}` : ""}
            {trace.degraded ? ` · ${t("degraded")}` : ""}
          </div>
        ) : (
          <div data-testid="answer-trace-no-model">
            {t("noModel")}
            {trace.answerKind && t.has(`kind.${trace.answerKind}`)
              ? `: ${t(`kind.${trace.answerKind}` as "kind.fallback")}`
              : ""}
          </div>
        )}
        {stages.map(([s, v]) => (
          <div key={s} data-testid={`answer-trace-${s}`} data-ms={v} className="flex justify-between gap-4">
            <span>{t(s as "retrieval")}</span>
            <span className="tabular-nums">{t("ms", { ms: n(v, v < 10 ? 2 : 0) })}</span>
          </div>
        ))}
        {trace.outputTokens != null && trace.model && (
          <div data-testid="answer-trace-tokens">
            {t("tokens", {
              input: trace.inputTokens ?? 0,
              cached: trace.cachedInputTokens ?? 0,
              output: trace.outputTokens,
            })}
          </div>
        )}
        {trace.tokensPerSecond != null && (
          <div data-testid="answer-trace-speed">{t("speed", { tps: n(trace.tokensPerSecond) })}</div>
        )}
      </div>
    </details>
  );
}
