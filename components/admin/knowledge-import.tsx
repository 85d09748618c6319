"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { useErrorText, type ShownError } from "@/components/use-error-text";
import { useFailureText } from "@/components/use-failure-text";
import { buttonClass, inputClass, secondaryButtonClass } from "./api";

type Job = {
  id: string;
  status: "running" | "done" | "failed";
  total: number;
  done: number;
  created: number;
  updated: number;
  error: string | null;
  errorCode?: string | null;
  source: string;
};
type Kb = { id: string; name: string };

async function send(body: FormData | string): Promise<{ job?: Job; error?: ShownError }> {
  try {
    const res = await fetch("/api/admin/knowledge/imports", {
      method: "POST",
      body,
      headers: typeof body === "string" ? { "content-type": "application/json" } : undefined,
    });
    // a body that is not JSON (a proxy's error page) is no body: the status below still tells what happened
    const json = await res.json().catch(() => null);
    if (res.ok) return { job: json.import };
    if (res.status === 401)
      return { error: { code: "session_ended", message: "Your session has ended: sign in again." } };
    if (json?.error?.message) return { error: { code: String(json.error.code ?? ""), message: json.error.message } };
    return { error: { code: "http", status: res.status, message: `The server answered ${res.status}.` } };
  } catch {
    return { error: { code: "network", message: "Could not reach the server. Check your connection and try again." } };
  }
}

const IMPORTABLE = /\.(csv|md|markdown|txt|text|json|pdf|docx)$/i; // lib/knowledge/import/parse.ts EXTENSIONS
const IMPORT_CODES = new Set(["bad_request", "invalid_json", "too_long", "forbidden", "unavailable", "not_found"]);

/** Upload a file or give a URL; the import runs on the server and this polls its progress. */
export function KnowledgeImport({
  knowledgeBases,
  defaultKnowledgeBaseId,
}: {
  knowledgeBases: Kb[];
  defaultKnowledgeBaseId: string;
}) {
  const t = useTranslations("knowledge.import");
  const errText = useErrorText();
  const failureText = useFailureText("import");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<"file" | "url">("file");
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  function poll(id: string) {
    timer.current = setTimeout(async () => {
      // a failed poll (network, or a body that is not JSON) finds no job and polls again below
      const res = await fetch(`/api/admin/knowledge/imports/${encodeURIComponent(id)}`).catch(() => null);
      const json = res?.ok ? await res.json().catch(() => null) : null; // see above
      const next: Job | undefined = json?.import;
      if (!next) return poll(id); // a lost poll is retried; the job goes on on the server either way
      setJob(next);
      if (next.status === "running") poll(id);
      else router.refresh();
    }, 250);
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const kb = String(form.get("knowledgeBaseId") ?? "");
    let body: FormData | string;
    if (mode === "url") body = JSON.stringify({ url: String(form.get("url") ?? ""), knowledgeBaseId: kb });
    else {
      const file = form.get("file");
      if (!(file instanceof File) || !file.name) return setError(t("chooseFile"));
      // the file dialog's filter can be switched to "all files": say what Kefu reads before uploading anything
      if (!IMPORTABLE.test(file.name)) return setError(t("unsupportedType"));
      body = new FormData();
      body.set("file", file);
      body.set("knowledgeBaseId", kb);
    }
    setBusy(true);
    setError("");
    setJob(null);
    const res = await send(body);
    setBusy(false);
    // a refused file or address reads like a failed import (by its code, in the console's language)
    if (res.error)
      return setError(
        IMPORT_CODES.has(res.error.code ?? "") ? failureText(res.error.code, res.error.message) : errText(res.error),
      );
    setJob(res.job!);
    if (res.job!.status === "running") poll(res.job!.id);
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid="import-open" className={buttonClass}>
        {t("open")}
      </button>
    );
  }
  const pct = job ? (job.status === "done" ? 100 : job.total ? Math.floor((job.done / job.total) * 100) : 0) : 0;
  return (
    <form
      onSubmit={onSubmit}
      data-testid="import-form"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-5"
    >
      <div className="flex items-center justify-between">
        <h2 className="font-medium">{t("title")}</h2>
        <button type="button" onClick={() => setOpen(false)} className={secondaryButtonClass}>
          {t("close")}
        </button>
      </div>
      <div className="flex gap-4 text-sm" role="radiogroup" aria-label={t("what")}>
        {(["file", "url"] as const).map((m) => (
          <label key={m} className="flex items-center gap-1">
            <input
              type="radio"
              name="mode"
              checked={mode === m}
              onChange={() => setMode(m)}
              data-testid={`import-mode-${m}`}
            />
            {m === "file" ? t("file") : t("page")}
          </label>
        ))}
      </div>
      {mode === "file" ? (
        <label className="block text-sm font-medium">
          {t("fileLabel")} <span className="font-normal text-slate-500">{t("fileHint")}</span>
          <input
            type="file"
            name="file"
            accept=".csv,.md,.markdown,.txt,.json,.pdf,.docx"
            data-testid="import-file"
            className={inputClass}
          />
        </label>
      ) : (
        <label className="block text-sm font-medium">
          {t("address")} <span className="font-normal text-slate-500">{t("addressHint")}</span>
          <input
            type="url"
            name="url"
            required
            placeholder="https://example.com/help/shipping"
            data-testid="import-url"
            className={inputClass}
          />
        </label>
      )}
      <label className="block text-sm font-medium">
        {t("into")}
        <select
          name="knowledgeBaseId"
          defaultValue={defaultKnowledgeBaseId}
          data-testid="import-kb"
          className={inputClass}
        >
          {knowledgeBases.map((kb) => (
            <option data-i18n-skip key={kb.id} value={kb.id}>
              {kb.name}
            </option>
          ))}
        </select>
      </label>
      <p className="text-xs text-slate-500">{t("again")}</p>
      {error && (
        <p
          role="alert"
          data-testid="import-error"
          className="whitespace-pre-line rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {error}
        </p>
      )}
      {job && (
        <div data-testid="import-status" data-status={job.status} className="space-y-1 text-sm">
          <div
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-label={t("progress")}
            data-testid="import-progress"
            className="h-2 overflow-hidden rounded-full bg-slate-100"
          >
            <div
              className={`h-full transition-all ${job.status === "failed" ? "bg-red-500" : "bg-indigo-600"}`}
              style={{ width: `${pct}%` }}
            />
          </div>
          {job.status === "running" && (
            <p className="text-slate-600">
              {t("running", {
                source: job.source,
                progress: job.total ? t("of", { done: job.done, total: job.total }) : t("fetching"),
              })}
            </p>
          )}
          {job.status === "done" && (
            <p className="text-green-700" data-testid="import-done">
              {t("done", {
                created: job.created,
                updated: job.updated,
                unchanged: job.done - job.created - job.updated,
              })}
            </p>
          )}
          {job.status === "failed" && (
            <p
              role="alert"
              className="text-red-700"
              data-testid="import-failed"
              data-code={job.errorCode ?? ""}
              title={job.error ?? ""}
            >
              {failureText(job.errorCode, job.error)}
            </p>
          )}
        </div>
      )}
      <button
        type="submit"
        disabled={busy || job?.status === "running"}
        data-testid="import-submit"
        className={buttonClass}
      >
        {busy ? t("uploading") : t("submit")}
      </button>
    </form>
  );
}
