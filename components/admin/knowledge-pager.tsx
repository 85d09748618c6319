import Link from "next/link";
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
  /** what is counted, one and many */
  unit?: [string, string];
};

/** "260 entries · showing 51–100" and links to the pages around this one, keeping the search and filters. */
export function KnowledgePager({ page, pages, total, shown, pageSize, params, path = "/knowledge", unit = ["entry", "entries"] }: Props) {
  const href = (n: number) => {
    const sp = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
    if (n > 1) sp.set("page", String(n));
    const qs = sp.toString();
    return `${path}${qs ? `?${qs}` : ""}`;
  };
  const first = (page - 1) * pageSize + 1;
  const near = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const link = `${secondaryButtonClass} px-2 py-1`;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p data-testid="entries-count">
        {`${total} ${total === 1 ? unit[0] : unit[1]}`}
        {shown < total && shown > 0 && ` · showing ${first}–${first + shown - 1}`}
      </p>
      {pages > 1 && (
        <div className="flex items-center gap-1" data-testid="pager">
          {page > 1 ? <Link href={href(page - 1)} data-testid="page-prev" className={link}>Previous</Link> : null}
          {near.map((n, i) => (
            <span key={n} className="flex items-center gap-1">
              {i > 0 && n - near[i - 1] > 1 && <span aria-hidden>…</span>}
              {n === page ? (
                <span aria-current="page" data-testid="page-current" className="rounded-md bg-slate-800 px-2 py-1 text-white">{n}</span>
              ) : (
                <Link href={href(n)} data-testid={`page-${n}`} className={link}>{n}</Link>
              )}
            </span>
          ))}
          {page < pages ? <Link href={href(page + 1)} data-testid="page-next" className={link}>Next</Link> : null}
        </div>
      )}
    </nav>
  );
}
