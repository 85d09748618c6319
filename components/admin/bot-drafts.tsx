"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, inputClass, secondaryButtonClass } from "./api";
import { botApi, errorText } from "./bot-api";

type Question = { id: string; text: string };
type Draft = {
  config: { greeting: string; instructions: string; temperature: number };
  changes: { field: string }[];
} | null;
type Outcome = { decision: string; answer: string; topEntry: { id: string; title: string } | null };
type Result = { questionId: string; question: string; live: Outcome; draft: Outcome };
type Live = { greeting: string; instructions: string; temperature: number };

/** Draft playground on a bot's page: edit a draft, run the saved questions live vs draft, publish or discard. */
export function BotDrafts({
  botId,
  live,
  initialQuestions,
  initialDraft,
}: {
  botId: string;
  live: Live;
  initialQuestions: Question[];
  initialDraft: Draft;
}) {
  const t = useTranslations("bots");
  const locale = useLocale();
  const router = useRouter();
  const [questions, setQuestions] = useState(initialQuestions);
  const [draft, setDraft] = useState(initialDraft);
  const [results, setResults] = useState<Result[] | null>(null);
  const [busy, setBusy] = useState("");
  const [notice, setNotice] = useState("");
  const [error, setError] = useState("");
  const url = `/api/admin/bots/${encodeURIComponent(botId)}`;
  const shown = draft?.config ?? live;

  async function act<T>(name: string, method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown) {
    setBusy(name);
    setError("");
    setNotice("");
    const res = await botApi<T>(method, `${url}${path}`, body);
    setBusy("");
    if (!res.ok) {
      setError(errorText(t, t.has, res));
      return undefined;
    }
    return res.data;
  }

  async function addQuestion(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const text = String(new FormData(form).get("question") ?? "").trim();
    if (!text) return;
    const data = await act<{ question: Question }>("add", "POST", "/questions", { text });
    if (data) setQuestions((q) => [...q, data.question]), form.reset();
  }

  async function saveDraft(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const data = await act<{ draft: Draft }>("save", "PUT", "/draft", {
      greeting: String(f.get("greeting") ?? ""),
      instructions: String(f.get("instructions") ?? ""),
      temperature: Number(f.get("temperature")),
    });
    if (data) setDraft(data.draft), setResults(null);
  }

  async function finish(kind: "publish" | "discard") {
    const data = await act(
      kind,
      kind === "publish" ? "POST" : "DELETE",
      kind === "publish" ? "/draft/publish" : "/draft",
    );
    if (!data) return;
    setDraft(null);
    setResults(null);
    setNotice(t(kind === "publish" ? "drafts.published" : "drafts.discarded"));
    router.refresh();
  }

  const outcome = (o: Outcome, testId: string) => (
    <td className="py-2 pr-3 align-top" data-testid={testId} data-decision={o.decision}>
      <div className="text-xs font-medium text-slate-500">
        {t.has(`drafts.decisions.${o.decision}`)
          ? t(`drafts.decisions.${o.decision}` as "drafts.decisions.model")
          : o.decision}
      </div>
      <div className="text-xs text-slate-500">
        {o.topEntry ? t("drafts.topEntry", { title: o.topEntry.title }) : t("drafts.noEntry")}
      </div>
      <div className="mt-1 whitespace-pre-wrap">{o.answer}</div>
    </td>
  );

  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5" data-testid="bot-drafts">
      <div>
        <h2 className="font-medium">{t("drafts.title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("drafts.intro")}</p>
      </div>
      <div>
        <h3 className="text-sm font-medium">{t("drafts.questions")}</h3>
        {questions.length === 0 && <p className="mt-1 text-sm text-slate-500">{t("drafts.noQuestions")}</p>}
        <ul className="mt-1 space-y-1 text-sm">
          {questions.map((q) => (
            <li key={q.id} data-testid="draft-question" className="flex items-center justify-between gap-2">
              <span>{q.text}</span>
              <button
                type="button"
                className="text-xs text-slate-500 hover:underline"
                onClick={async () =>
                  (await act(q.id, "DELETE", `/questions/${q.id}`)) &&
                  setQuestions((l) => l.filter((x) => x.id !== q.id))
                }
              >
                {t("drafts.remove")}
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={addQuestion} className="mt-2 flex gap-2">
          <input
            name="question"
            maxLength={2000}
            placeholder={t("drafts.addPlaceholder")}
            data-testid="draft-question-input"
            className={inputClass}
          />
          <button
            type="submit"
            disabled={busy !== ""}
            data-testid="draft-question-add"
            className={`${secondaryButtonClass} mt-1 shrink-0`}
          >
            {t("drafts.add")}
          </button>
        </form>
      </div>
      <form onSubmit={saveDraft} key={draft ? "draft" : "live"} className="space-y-2">
        <h3 className="text-sm font-medium">{t("drafts.draftFields")}</h3>
        <p className="text-sm text-slate-600" data-testid="draft-changes">
          {draft
            ? t("drafts.changes", {
                fields: draft.changes
                  .map((c) => t(`fields.${c.field}` as "fields.name"))
                  .join(locale === "zh-CN" ? "、" : ", "),
              })
            : t("drafts.noDraft")}
        </p>
        <label className="block text-sm">
          {t("form.greeting")}
          <textarea
            name="greeting"
            rows={2}
            maxLength={500}
            defaultValue={shown.greeting}
            data-testid="draft-greeting"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("form.instructions")}
          <textarea
            name="instructions"
            rows={3}
            maxLength={4000}
            defaultValue={shown.instructions}
            data-testid="draft-instructions"
            className={inputClass}
          />
        </label>
        <label className="block w-40 text-sm">
          {t("form.temperature")}
          <input
            name="temperature"
            type="number"
            step="0.05"
            min={0}
            max={2}
            defaultValue={shown.temperature}
            data-testid="draft-temperature"
            className={inputClass}
          />
        </label>
        <div className="flex flex-wrap gap-2">
          <button type="submit" disabled={busy !== ""} data-testid="draft-save" className={secondaryButtonClass}>
            {t("drafts.saveDraft")}
          </button>
          <button
            type="button"
            disabled={busy !== "" || !draft || questions.length === 0}
            data-testid="draft-run"
            className={secondaryButtonClass}
            onClick={async () => {
              const d = await act<{ results: Result[] }>("run", "POST", "/draft/run");
              if (d) setResults(d.results);
            }}
          >
            {busy === "run" ? t("drafts.running") : t("drafts.run")}
          </button>
          <button
            type="button"
            disabled={busy !== "" || !draft}
            data-testid="draft-publish"
            className={buttonClass}
            onClick={() => finish("publish")}
          >
            {t("drafts.publish")}
          </button>
          <button
            type="button"
            disabled={busy !== "" || !draft}
            data-testid="draft-discard"
            className={secondaryButtonClass}
            onClick={() => finish("discard")}
          >
            {t("drafts.discard")}
          </button>
        </div>
      </form>
      {results && (
        <table className="w-full table-fixed text-left text-sm" data-testid="draft-results">
          <thead className="text-slate-500">
            <tr>
              <th className="w-1/4">{t("drafts.question")}</th>
              <th>{t("drafts.live")}</th>
              <th>{t("drafts.draft")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {results.map((r) => (
              <tr key={r.questionId} data-testid="draft-result">
                <td className="py-2 pr-3 align-top">{r.question}</td>
                {outcome(r.live, "draft-result-live")}
                {outcome(r.draft, "draft-result-draft")}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notice && (
        <p data-testid="draft-notice" className="text-sm text-green-700">
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" data-testid="draft-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
