import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { listAudit } from "@/lib/audit";

export async function generateMetadata() {
  return { title: `${(await getTranslations("privacy"))("audit.title")} · Kefu` };
}

type Search = { actor?: string; action?: string; from?: string; to?: string };
const day = (s: string | undefined, end = false) =>
  s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T${end ? "23:59:59.999" : "00:00:00"}Z`) : undefined;

// Owners only: the log of what admins did is not for the admins it records to read or curate.
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser("owner");
  const q = await searchParams;
  const [rows, t] = await Promise.all([
    listAudit(user.tenantId, {
      actor: q.actor?.slice(0, 200),
      action: q.action?.slice(0, 100),
      from: day(q.from),
      to: day(q.to, true),
    }),
    getTranslations("privacy"),
  ]);
  const input = "rounded-md border border-slate-300 px-2 py-1 text-sm";
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("audit.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("audit.intro")}</p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" data-testid="audit-filters">
        <label className="text-sm">
          <div>{t("audit.actor")}</div>
          <input name="actor" defaultValue={q.actor} className={input} data-testid="audit-filter-actor" />
        </label>
        <label className="text-sm">
          <div>{t("audit.action")}</div>
          <input name="action" defaultValue={q.action} className={input} data-testid="audit-filter-action" />
        </label>
        <label className="text-sm">
          <div>{t("audit.from")}</div>
          <input type="date" name="from" defaultValue={q.from} className={input} data-testid="audit-filter-from" />
        </label>
        <label className="text-sm">
          <div>{t("audit.to")}</div>
          <input type="date" name="to" defaultValue={q.to} className={input} data-testid="audit-filter-to" />
        </label>
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white"
          data-testid="audit-filter-apply"
        >
          {t("audit.apply")}
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="audit-empty">
          {t("audit.empty")}
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-2">{t("audit.when")}</th>
              <th>{t("audit.actor")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.target")}</th>
              <th>{t("audit.address")}</th>
              <th>{t("audit.change")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="audit-row">
                <td className="py-2 whitespace-nowrap">{r.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                {/* recorded data (names, action codes, ids, addresses, what was sent), shown as stored in any language */}
                <td data-testid="audit-actor" data-i18n-skip>
                  {r.actorLabel}
                </td>
                <td data-testid="audit-action" data-i18n-skip>
                  <code>{r.action}</code>
                </td>
                <td className="break-all" data-i18n-skip>
                  {r.target ?? "–"}
                </td>
                <td data-i18n-skip>{r.address ?? "–"}</td>
                <td className="max-w-md break-all font-mono text-xs text-slate-600" data-i18n-skip>
                  {r.diff == null ? "–" : JSON.stringify(r.diff).slice(0, 400)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
