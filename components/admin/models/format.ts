export const bytes = (n: number | null | undefined) =>
  n == null
    ? "—"
    : n >= 1e9
      ? `${(n / 1e9).toFixed(2)} GB`
      : n >= 1e6
        ? `${(n / 1e6).toFixed(1)} MB`
        : `${(n / 1e3).toFixed(0)} kB`;

export const percent = (done: number, total: number) => (total ? Math.min(100, Math.floor((done / total) * 100)) : 0);

export const STATUS_STYLE: Record<string, string> = {
  ready: "bg-green-100 text-green-800",
  loading: "bg-amber-100 text-amber-800",
  failed: "bg-red-100 text-red-800",
  none: "bg-slate-100 text-slate-700",
};
