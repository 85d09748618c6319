import Link from "next/link";
import { useTranslations } from "next-intl";
import { secondaryButtonClass } from "./api";

type Props = {
  page: number;
  pages: number;
  total: number;
  shown: number;
  pageSize: number;
  params: Record<string, string>;
  /** the page's own path; the knowledge list by default */
  path?: string;
  /** what is counted: a plural message of the knowledge.pager namespace */
  unit?: "entries" | "openQuestions";
};

/** "260 entries · showing 51–100" and links to the pages around this one, keeping the search and filters. */
export function KnowledgePager({
  page,
  pages,
  total,
  shown,
  pageSize,
  params,
  path = "/knowledge",
  unit = "entries",
}: Props) {
  const t = useTranslations("knowledge.pager");
  const href = (n: number) => {
    const sp = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
    if (n > 1) sp.set("page", String(n));
    const qs = sp.toString();
    return `${path}${qs ? `?${qs}` : ""}`;
  };
  const first = (page - 1) * pageSize + 1;
  const near = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const link = `${secondaryButtonClass} px-2 py-1`;
  return (
    <nav aria-label={t("pages")} className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p data-testid="entries-count">
        {t(unit, { count: total })}
        {shown < total && shown > 0 && t("showing", { from: first, to: first + shown - 1 })}
      </p>
      {pages > 1 && (
        <div className="flex items-center gap-1" data-testid="pager">
          {page > 1 ? (
            <Link href={href(page - 1)} data-testid="page-prev" className={link}>
              {t("prev")}
            </Link>
          ) : null}
          {near.map((n, i) => (
            <span key={n} className="flex items-center gap-1">
              {i > 0 && n - near[i - 1] > 1 && <span aria-hidden>…</span>}
              {n === page ? (
                <span
                  aria-current="page"
                  data-testid="page-current"
                  className="rounded-md bg-slate-800 px-2 py-1 text-white"
                >
                  {n}
                </span>
              ) : (
                <Link href={href(n)} data-testid={`page-${n}`} className={link}>
                  {n}
                </Link>
              )}
            </span>
          ))}
          {page < pages ? (
            <Link href={href(page + 1)} data-testid="page-next" className={link}>
              {t("next")}
            </Link>
          ) : null}
        </div>
      )}
    </nav>
  );
}
