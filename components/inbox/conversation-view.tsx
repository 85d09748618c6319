"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { STATUS_STYLE } from "./conversation-list";
import { CsatCard } from "./csat-card";
import { LeftMessagePanel } from "./left-message-panel";
import { ReplyBox } from "./reply-box";
import type { Canned, ConversationDetail, InboxRequest, TeamMember, WireMessage } from "./types";

import { useMessageText } from "./system-line";
import { AnswerTraceDetails, useAnswerTraces, type AnswerTrace } from "./answer-trace";
import { useErrorText, type ShownError } from "@/components/use-error-text";

function MessageBubble({
  m,
  streaming,
  team,
  trace,
}: {
  m: Pick<WireMessage, "role" | "text" | "citations" | "internal" | "authorId" | "systemKey" | "systemArgs"> & {
    id: string;
  };
  streaming?: boolean;
  team: TeamMember[];
  trace?: AnswerTrace;
}) {
  const t = useTranslations("inbox");
  const text = useMessageText();
  if (m.role === "system")
    return (
      <div
        className="my-2 text-center text-xs text-slate-500"
        data-testid="inbox-message"
        data-role="system"
        data-i18n-skip={m.systemKey ? undefined : ""}
      >
        {text(m)}
      </div>
    );
  const mine = m.role === "agent" || m.role === "bot";
  const style = m.internal
    ? "border border-amber-300 bg-amber-50 text-slate-900"
    : m.role === "agent"
      ? "bg-emerald-600 text-white"
      : m.role === "bot"
        ? "bg-indigo-50 text-slate-900"
        : "bg-white text-slate-900 shadow-sm";
  const author = m.internal ? team.find((t) => t.userId === m.authorId)?.name : undefined;
  return (
    <div className={`my-2 flex ${mine ? "justify-end" : "justify-start"}`}>
      <div
        data-testid="inbox-message"
        data-role={m.role}
        data-internal={m.internal ? "true" : undefined}
        data-streaming={streaming ? "true" : undefined}
        className={`max-w-[75%] whitespace-pre-wrap rounded-lg px-3 py-2 text-sm ${style}`}
      >
        <div className="mb-0.5 text-[10px] uppercase tracking-wide opacity-60">
          {m.internal
            ? `${t("internalNote")}${author ? ` · ${author}` : ""}`
            : t(`role.${m.role as "visitor" | "bot" | "agent"}`)}
        </div>
        <span data-i18n-skip>{m.text}</span>
        {m.citations && m.citations.length > 0 && (
          <div className="mt-1 text-[11px] opacity-70">
            {t("sources", { list: m.citations.map((c) => c.title).join(" · ") })}
          </div>
        )}
        {trace && <AnswerTraceDetails trace={trace} />}
      </div>
    </div>
  );
}

type Props = {
  me: { id: string; name: string; admin?: boolean };
  conversation: ConversationDetail;
  messages: WireMessage[];
  drafts: Record<string, string>;
  visitorTyping: boolean;
  team: TeamMember[];
  canned: Canned[];
  error: ShownError | null;
  request: InboxRequest;
};

export function ConversationView({
  me,
  conversation: c,
  messages,
  drafts,
  visitorTyping,
  team,
  canned,
  error,
  request,
}: Props) {
  const t = useTranslations("inbox");
  const errText = useErrorText();
  const [label, setLabel] = useState("");
  const id = c.id;
  const assignee = team.find((t) => t.userId === c.assigneeId);
  const tt = useTranslations("teamInbox");
  const traces = useAnswerTraces(id, messages, Boolean(me.admin));

  return (
    <>
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <div className="flex items-center gap-2">
          <span
            data-testid="inbox-status"
            data-status={c.status}
            className={`rounded px-2 py-1 text-xs ${STATUS_STYLE[c.status]}`}
          >
            {t(`status.${c.status}`)}
            {c.status === "agent" && c.assigneeId === me.id ? t("you") : ""}
          </span>
          <span className="text-xs text-slate-500" data-testid="inbox-assignee">
            {c.assigneeId
              ? c.assigneeId === me.id
                ? t("assignedYou")
                : t("assignedTo", { name: assignee?.name ?? t("anAgent") })
              : t("unassigned")}
          </span>
        </div>
        <div className="flex flex-wrap gap-2">
          {c.status !== "closed" && c.assigneeId !== me.id && (
            <button
              data-testid="inbox-claim"
              onClick={() => request("claim", { conversationId: id })}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              {t("claim")}
            </button>
          )}
          {c.status !== "closed" && (
            <select
              data-testid="inbox-assign"
              value={c.assigneeId ?? ""}
              onChange={(e) => request("assign", { conversationId: id, assigneeId: e.target.value || null })}
              className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
              title={t("assignTitle")}
            >
              <option value="">{t("queue")}</option>
              {team.map((m) => (
                <option data-i18n-skip key={m.userId} value={m.userId}>
                  {m.userId === me.id ? t("meSuffix", { name: m.name }) : m.name} · {t(`presence.${m.presence}`)} ·{" "}
                  {m.open}/{m.maxChats}
                </option>
              ))}
            </select>
          )}
          {c.status !== "closed" && c.status !== "agent" && (
            <button
              data-testid="inbox-takeover"
              onClick={() => request("takeover", { conversationId: id })}
              className="rounded-md bg-emerald-600 px-3 py-1.5 text-sm text-white hover:bg-emerald-700"
            >
              {t("takeOver")}
            </button>
          )}
          {c.status === "agent" && (
            <button
              data-testid="inbox-release"
              onClick={() => request("release", { conversationId: id })}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              {t("handBack")}
            </button>
          )}
          {c.status !== "closed" ? (
            <button
              data-testid="inbox-close"
              onClick={() => request("close", { conversationId: id })}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              {t("close")}
            </button>
          ) : (
            <button
              data-testid="inbox-reopen"
              onClick={() => request("reopen", { conversationId: id })}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              {t("reopen")}
            </button>
          )}
        </div>
      </header>
      {(c.summary || c.handoffReason) && (
        <div className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm" data-testid="inbox-handoff">
          {c.handoffReason && (
            <div
              className="text-xs font-medium text-amber-900"
              data-testid="inbox-handoff-reason"
              data-reason={c.handoffReason}
            >
              {t("handedOff", {
                reason:
                  c.handoffReason === "left_message"
                    ? tt("left.reason")
                    : t.has(`reason.${c.handoffReason}`)
                      ? t(`reason.${c.handoffReason}`)
                      : c.handoffReason,
              })}
            </div>
          )}
          {c.summary && (
            <div data-i18n-skip className="mt-0.5 whitespace-pre-line text-slate-800" data-testid="inbox-summary">
              {c.summary}
            </div>
          )}
        </div>
      )}
      {c.status === "closed" && c.closedReason === "inactive" && (
        <div
          className="border-b border-slate-200 bg-slate-50 px-4 py-1.5 text-xs text-slate-600"
          data-testid="inbox-closed-inactive"
        >
          {tt("inactivity.closed")}
        </div>
      )}
      {c.leftMessage && (
        <LeftMessagePanel
          key={`left-${id}`}
          conversationId={id}
          left={c.leftMessage}
          replies={c.emailReplies ?? []}
          request={request}
        />
      )}
      {c.rating ? (
        <CsatCard csat={{ score: c.rating, comment: c.ratingComment ?? null, at: c.ratedAt ?? null }} />
      ) : null}
      <div
        className="flex flex-wrap items-center gap-1 border-b border-slate-100 px-4 py-1.5"
        data-testid="inbox-labels"
      >
        {(c.labels ?? []).map((l) => (
          <span
            key={l}
            className="flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs"
            data-testid="inbox-label"
          >
            <span data-i18n-skip>{l}</span>
            <button
              aria-label={t("removeLabel", { label: l })}
              data-testid="inbox-label-remove"
              onClick={() => request("labels", { conversationId: id, remove: [l] })}
              className="text-slate-400 hover:text-red-600"
            >
              ×
            </button>
          </span>
        ))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (label.trim())
              void request("labels", { conversationId: id, add: [label.trim()] }).then((r) => r.ok && setLabel(""));
          }}
        >
          <input
            data-testid="inbox-label-input"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t("labelPlaceholder")}
            className="w-24 rounded border border-transparent px-1 py-0.5 text-xs hover:border-slate-300 focus:border-slate-300"
          />
        </form>
      </div>
      <div className="flex-1 overflow-y-auto bg-slate-50 px-4 py-2" data-testid="inbox-messages">
        {messages.map((m) => (
          <MessageBubble key={m.id} m={m} team={team} trace={traces?.get(m.id)} />
        ))}
        {Object.entries(drafts).map(([draftId, d]) => (
          <MessageBubble key={draftId} m={{ id: draftId, role: "bot", text: d + " ▍" }} streaming team={team} />
        ))}
        {visitorTyping && (
          <div className="my-1 text-xs italic text-slate-500" data-testid="inbox-visitor-typing">
            {t("visitorTyping")}
          </div>
        )}
      </div>
      {error && (
        <p role="alert" data-testid="inbox-error" className="px-4 py-1 text-sm text-red-600" title={error.message}>
          {errText(error)}
        </p>
      )}
      {c.status !== "closed" && (
        <ReplyBox key={`reply-${id}`} conversationId={id} status={c.status} canned={canned} request={request} />
      )}
    </>
  );
}
