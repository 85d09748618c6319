"use client";

import { VisitorDataActions } from "../privacy/visitor-data-actions";
import type { PastConversation, VisitorDetails } from "./types";

/** A readable browser name from a user agent string (the full string stays in the tooltip). */
export function browserName(ua: string | null): string {
  if (!ua) return "—";
  const os = /Windows/.test(ua) ? "Windows" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
  const b = /Edg\//.test(ua) ? "Edge" : /OPR\//.test(ua) ? "Opera" : /Firefox\//.test(ua) ? "Firefox" : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "Browser";
  return os ? `${b} on ${os}` : b;
}

const fmt = (d: string | null) => (d ? new Date(d).toLocaleString() : "—");

export function VisitorPanel({ visitor, past, open, admin = false, onErased = () => {} }: { visitor: VisitorDetails; past: PastConversation[]; open: (id: string) => void; admin?: boolean; onErased?: () => void }) {
  const rows: [string, React.ReactNode, string][] = [
    ["Name", visitor.name ?? "—", "visitor-name"],
    ["Email", visitor.email ?? "—", "visitor-email"],
    [
      "Page",
      visitor.lastPage ? (
        <a href={visitor.lastPage} target="_blank" rel="noopener noreferrer" className="break-all text-indigo-700 underline">{visitor.lastPage}</a>
      ) : (
        "—"
      ),
      "visitor-page",
    ],
    ["Browser", <span key="ua" title={visitor.userAgent ?? ""}>{browserName(visitor.userAgent)}</span>, "visitor-browser"],
    ["Last seen", fmt(visitor.lastSeenAt), "visitor-last-seen"],
  ];
  return (
    <aside className="w-64 shrink-0 overflow-y-auto rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="inbox-visitor">
      <h2 className="mb-2 font-semibold">Visitor</h2>
      <dl className="space-y-1.5">
        {rows.map(([k, v, id]) => (
          <div key={k}>
            <dt className="text-xs text-slate-500">{k}</dt>
            <dd data-testid={id}>{v}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mb-1 mt-4 text-xs font-semibold uppercase text-slate-500">Past conversations</h3>
      {past.length === 0 ? (
        <p className="text-xs text-slate-500" data-testid="visitor-past-none">None.</p>
      ) : (
        <ul className="space-y-1" data-testid="visitor-past">
          {past.map((c) => (
            <li key={c.id}>
              <button onClick={() => open(c.id)} className="w-full rounded px-1 py-1 text-left text-xs hover:bg-slate-50" data-testid="visitor-past-conversation">
                <div className="text-slate-500">{fmt(c.createdAt)} · {c.status}</div>
                <div className="truncate">{c.summary ?? c.firstMessage ?? "…"}</div>
              </button>
            </li>
          ))}
        </ul>
      )}
      {admin && <VisitorDataActions visitorId={visitor.id} onErased={onErased} />}
    </aside>
  );
}
