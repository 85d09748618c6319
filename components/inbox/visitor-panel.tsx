"use client";

import { useFormatter, useTranslations } from "next-intl";
import { VisitorDataActions } from "../privacy/visitor-data-actions";
import type { CustomerEventItem, PastConversation, VisitorDetails } from "./types";

/** A readable browser name from a user agent string (the full string stays in the tooltip). */
export function browserName(
  ua: string | null,
  on: (browser: string, os: string) => string = (b, os) => `${b} on ${os}`,
  other = "Browser",
): string {
  if (!ua) return "—";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  const b = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrom(e|ium)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : other;
  return os ? on(b, os) : b;
}

export function VisitorPanel({
  visitor,
  past,
  open,
  admin = false,
  onErased = () => {},
}: {
  visitor: VisitorDetails;
  past: PastConversation[];
  open: (id: string) => void;
  admin?: boolean;
  onErased?: () => void;
}) {
  const tt = useTranslations("teamInbox");
  const t = useTranslations("inbox");
  const format = useFormatter();
  const fmt = (d: string | null) =>
    d ? format.dateTime(new Date(d), { dateStyle: "medium", timeStyle: "short" }) : "—";
  const rows: [string, React.ReactNode, string][] = [
    [t("panel.name"), visitor.name ?? "—", "visitor-name"],
    [t("panel.email"), visitor.email ?? "—", "visitor-email"],
    ...(visitor.phone
      ? [[tt("visitor.phone"), visitor.phone, "visitor-phone"] as [string, React.ReactNode, string]]
      : []),
    [
      t("panel.page"),
      visitor.lastPage ? (
        <a
          href={visitor.lastPage}
          target="_blank"
          rel="noopener noreferrer"
          className="break-all text-indigo-700 underline"
        >
          {visitor.lastPage}
        </a>
      ) : (
        "—"
      ),
      "visitor-page",
    ],
    [
      t("panel.browser"),
      <span key="ua" title={visitor.userAgent ?? ""}>
        {browserName(visitor.userAgent, (browser, os) => t("panel.browserOn", { browser, os }), t("panel.someBrowser"))}
      </span>,
      "visitor-browser",
    ],
    [t("panel.lastSeen"), fmt(visitor.lastSeenAt), "visitor-last-seen"],
  ];
  return (
    <aside
      className="w-64 shrink-0 overflow-y-auto rounded-lg border border-slate-200 bg-white p-4 text-sm"
      data-testid="inbox-visitor"
    >
      <h2 className="mb-2 font-semibold">{t("panel.title")}</h2>
      <dl className="space-y-1.5">
        {rows.map(([k, v, id]) => (
          <div key={k}>
            <dt className="text-xs text-slate-500">{k}</dt>
            <dd data-testid={id} data-i18n-skip>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <CustomerEvents events={visitor.customerEvents ?? []} />
      <h3 className="mb-1 mt-4 text-xs font-semibold uppercase text-slate-500">{t("panel.past")}</h3>
      {past.length === 0 ? (
        <p className="text-xs text-slate-500" data-testid="visitor-past-none">
          {t("panel.none")}
        </p>
      ) : (
        <ul className="space-y-1" data-testid="visitor-past">
          {past.map((c) => (
            <li key={c.id}>
              <button
                onClick={() => open(c.id)}
                className="w-full rounded px-1 py-1 text-left text-xs hover:bg-slate-50"
                data-testid="visitor-past-conversation"
              >
                <div className="text-slate-500">
                  {fmt(c.createdAt)} · {t(`status.${c.status as "bot" | "waiting" | "agent" | "closed"}`)}
                </div>
                <div className="truncate" data-i18n-skip>
                  {c.summary ?? c.firstMessage ?? "…"}
                </div>
              </button>
            </li>
          ))}
        </ul>
      )}
      {admin && <VisitorDataActions visitorId={visitor.id} onErased={onErased} />}
    </aside>
  );
}

/** Orders, tickets and the like the tenant's systems sent (POST /api/v1/events). */
function CustomerEvents({ events }: { events: CustomerEventItem[] }) {
  const t = useTranslations("customerEvents");
  const format = useFormatter();
  const fmt = (d: string) => format.dateTime(new Date(d), { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <h3 className="mb-1 mt-4 text-xs font-semibold uppercase text-slate-500">{t("title")}</h3>
      {events.length === 0 ? (
        <p className="text-xs text-slate-500" data-testid="visitor-events-none">
          {t("none")}
        </p>
      ) : (
        <ul className="space-y-1" data-testid="visitor-events">
          {events.map((e) => (
            <li key={e.id} className="text-xs" data-testid="visitor-event">
              <div className="text-slate-500">
                {fmt(e.occurredAt)} · {e.type}
              </div>
              <div>{e.title}</div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
