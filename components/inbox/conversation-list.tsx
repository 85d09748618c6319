"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { stars } from "./csat-card";
import { useMessageText } from "./system-line";
import { askForNotifications, canAskForNotifications } from "./notify";
import type { ConversationSummary, Counts, Status, TeamMember, View } from "./types";
import type { Filters } from "./use-inbox";

export const STATUS_STYLE: Record<Status, string> = {
  bot: "bg-sky-100 text-sky-800",
  waiting: "bg-amber-100 text-amber-800",
  agent: "bg-emerald-100 text-emerald-800",
  closed: "bg-slate-200 text-slate-600",
};
// "left" is labelled from the teamInbox messages
const VIEWS: View[] = ["waiting", "left", "mine", "bot", "open", "closed"];

type Props = {
  connected: boolean;
  filters: Filters;
  changeFilters: (p: Partial<Filters>) => void;
  conversations: ConversationSummary[];
  counts: Counts | null;
  labels: string[];
  selected: string | null;
  open: (id: string) => void;
  presence: "online" | "away";
  setPresence: (s: "online" | "away") => void;
  team: TeamMember[];
};

const DOT = { online: "bg-emerald-500", away: "bg-amber-400", offline: "bg-slate-300" } as const;

export function ConversationList(p: Props) {
  const t = useTranslations("inbox");
  const text = useMessageText();
  const [q, setQ] = useState(p.filters.q);
  const [askNotify, setAskNotify] = useState(false);
  const tt = useTranslations("teamInbox");
  useEffect(() => setAskNotify(canAskForNotifications()), []);

  return (
    <section className="flex w-96 shrink-0 flex-col rounded-lg border border-slate-200 bg-white">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h1 className="font-semibold">{t("title")}</h1>
        <div className="flex items-center gap-2">
          <select
            data-testid="inbox-presence"
            value={p.presence}
            onChange={(e) => p.setPresence(e.target.value as "online" | "away")}
            className={`rounded border px-1.5 py-0.5 text-xs ${p.presence === "online" ? "border-emerald-300 text-emerald-700" : "border-slate-300 text-slate-500"}`}
            title={t("presenceTitle")}
          >
            <option value="online">{t("online")}</option>
            <option value="away">{t("away")}</option>
          </select>
          <span
            data-testid="inbox-connection"
            className={`text-xs ${p.connected ? "text-emerald-600" : "text-slate-400"}`}
          >
            {p.connected ? t("live") : t("offline")}
          </span>
        </div>
      </header>
      <div
        className="flex flex-wrap gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-1.5 text-xs text-slate-600"
        data-testid="inbox-team"
      >
        {p.team
          .filter((m) => m.presence !== "offline")
          .map((m) => (
            <span
              key={m.userId}
              className="flex items-center gap-1"
              data-testid="inbox-team-member"
              data-presence={m.presence}
              title={t("memberTitle", { presence: t(`presence.${m.presence}`), open: m.open, max: m.maxChats })}
            >
              <span className={`inline-block h-2 w-2 rounded-full ${DOT[m.presence]}`} />
              <span data-i18n-skip>{m.name}</span>
            </span>
          ))}
        {!p.team.some((m) => m.presence !== "offline") && <span className="text-slate-400">{t("noAgentOnline")}</span>}
      </div>
      {askNotify && (
        <div className="flex items-center justify-between gap-2 border-b border-slate-100 bg-indigo-50 px-4 py-2 text-xs text-indigo-900">
          <span>{t("notifyAsk")}</span>
          <button
            data-testid="inbox-enable-notifications"
            className="rounded bg-indigo-600 px-2 py-1 text-white"
            onClick={() => void askForNotifications().finally(() => setAskNotify(false))}
          >
            {t("notifyOn")}
          </button>
        </div>
      )}
      <nav className="flex flex-wrap gap-1 border-b border-slate-100 px-3 py-2" data-testid="inbox-views">
        {VIEWS.map((id) => {
          const v = { id, label: id === "left" ? tt("views.left") : t(`views.${id}`) };
          const c = p.counts?.[v.id];
          return (
            <button
              key={v.id}
              data-testid={`inbox-view-${v.id}`}
              data-active={p.filters.view === v.id ? "true" : undefined}
              onClick={() => p.changeFilters({ view: v.id })}
              className={`rounded-md px-2 py-1 text-xs ${p.filters.view === v.id ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {v.label}
              {c && <span className="ml-1 opacity-70">{c.total}</span>}
              {c && c.unread > 0 && (
                <span
                  data-testid={`inbox-view-${v.id}-unread`}
                  className="ml-1 rounded-full bg-red-500 px-1.5 text-[10px] text-white"
                >
                  {c.unread}
                </span>
              )}
            </button>
          );
        })}
      </nav>
      <form
        className="flex gap-2 border-b border-slate-100 px-3 py-2"
        onSubmit={(e) => {
          e.preventDefault();
          p.changeFilters({ q: q.trim() });
        }}
      >
        <input
          data-testid="inbox-search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t("searchPlaceholder")}
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <select
          data-testid="inbox-label-filter"
          value={p.filters.label}
          onChange={(e) => p.changeFilters({ label: e.target.value })}
          className="w-28 rounded-md border border-slate-300 px-1 text-xs"
        >
          <option value="">{t("allLabels")}</option>
          {p.labels.map((l) => (
            <option data-i18n-skip key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <select
          data-testid="inbox-rating-filter"
          value={p.filters.rating}
          onChange={(e) => p.changeFilters({ rating: e.target.value as Filters["rating"] })}
          className="w-24 rounded-md border border-slate-300 px-1 text-xs"
        >
          <option value="">{tt("ratingFilter.all")}</option>
          <option value="rated">{tt("ratingFilter.rated")}</option>
          <option value="low">{tt("ratingFilter.low")}</option>
        </select>
      </form>
      <ul className="flex-1 overflow-y-auto" data-testid="inbox-conversations">
        {p.conversations.length === 0 && <li className="p-4 text-sm text-slate-500">{t("empty")}</li>}
        {p.conversations.map((c) => (
          <li key={c.id}>
            <button
              onClick={() => p.open(c.id)}
              data-testid="inbox-conversation"
              data-id={c.id}
              data-status={c.status}
              data-unread={c.unread ?? 0}
              className={`w-full border-b border-slate-100 px-4 py-3 text-left hover:bg-slate-50 ${c.id === p.selected ? "bg-indigo-50" : ""}`}
            >
              <div className="flex items-center justify-between gap-2">
                <span
                  data-testid="inbox-conversation-title"
                  className={`truncate text-sm ${c.unread ? "font-semibold" : "font-medium"}`}
                >
                  <span data-i18n-skip>{visitorTitle(c, t)}</span>
                  {c.botName && (
                    <span data-i18n-skip className="ml-1.5 text-[10px] font-normal text-slate-400">
                      {c.botName}
                    </span>
                  )}
                </span>
                <span className="flex shrink-0 items-center gap-1">
                  {c.rating ? (
                    <span
                      data-testid="inbox-conversation-rating"
                      data-score={c.rating}
                      className={`text-[10px] ${c.rating <= 2 ? "text-red-600" : "text-amber-500"}`}
                    >
                      {stars(c.rating)}
                    </span>
                  ) : null}
                  {!!c.unread && (
                    <span
                      data-testid="inbox-conversation-unread"
                      className="rounded-full bg-red-500 px-1.5 text-[10px] text-white"
                    >
                      {c.unread}
                    </span>
                  )}
                  <span className={`rounded px-1.5 py-0.5 text-[10px] ${STATUS_STYLE[c.status]}`}>
                    {t(`status.${c.status}`)}
                  </span>
                </span>
              </div>
              <div data-i18n-skip className="mt-1 truncate text-xs text-slate-500">
                {c.lastMessage ? text(c.lastMessage) : "…"}
              </div>
              {!!c.labels?.length && (
                <div className="mt-1 flex flex-wrap gap-1">
                  {c.labels.map((l) => (
                    <span key={l} data-i18n-skip className="rounded bg-slate-100 px-1 text-[10px] text-slate-600">
                      {l}
                    </span>
                  ))}
                </div>
              )}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

// an anonymous visitor is told apart by the end of their id (the bot's name used to stand in, the same for all)
function visitorTitle(c: ConversationSummary, t: ReturnType<typeof useTranslations<"inbox">>) {
  return (
    c.visitorName ||
    c.visitorEmail ||
    (c.visitorId ? t("visitorShort", { id: c.visitorId.slice(-4).toUpperCase() }) : t("visitor"))
  );
}
