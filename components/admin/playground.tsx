"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { buttonClass, callApi, inputClass } from "./api";
import { PlaygroundResult, type PlanView } from "./playground-result";

type BotOption = { id: string; name: string };

export function Playground({ bots }: { bots: BotOption[] }) {
  const t = useTranslations("playground");
  const errText = useErrorText();
  const [botId, setBotId] = useState(bots[0]?.id ?? "");
  const [question, setQuestion] = useState("");
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [answer, setAnswer] = useState("");
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState("");
  const abort = useRef<AbortController | null>(null);

  async function ask(e: React.FormEvent) {
    e.preventDefault();
    abort.current?.abort();
    const controller = (abort.current = new AbortController());
    setError("");
    setAnswer("");
    setPlan(null);
    const body = { botId, question };
    const res = await callApi<PlanView>("POST", "/api/admin/playground", body);
    if (!res.ok) return setError(errText(res));
    setPlan(res.data);
    setStreaming(true);
    try {
      const stream = await fetch("/api/admin/playground/answer", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!stream.ok || !stream.body) {
        // a body that is not JSON is no body: the error below names the HTTP status instead
        const json = await stream.json().catch(() => null);
        throw new Error(
          json?.error?.message
            ? errText({ code: String(json.error.code ?? ""), message: json.error.message })
            : t("http", { status: stream.status }),
        );
      }
      const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        setAnswer((a) => a + value);
      }
    } catch (err) {
      if (!controller.signal.aborted) setError((err as Error).message);
    } finally {
      if (abort.current === controller) setStreaming(false);
    }
  }

  return (
    <div className="space-y-6">
      <form
        onSubmit={ask}
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
        data-testid="playground-form"
      >
        <label className="block text-sm font-medium">
          {t("bot")}
          <select
            className={inputClass}
            value={botId}
            onChange={(e) => setBotId(e.target.value)}
            data-testid="playground-bot"
          >
            {bots.map((b) => (
              <option data-i18n-skip key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          {t("question")}
          <textarea
            className={inputClass}
            rows={2}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            placeholder={t("placeholder")}
            data-testid="playground-question"
          />
        </label>
        <button
          type="submit"
          className={buttonClass}
          disabled={!question.trim() || !botId}
          data-testid="playground-ask"
        >
          {t("ask")}
        </button>
        {error && (
          <p
            role="alert"
            className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
            data-testid="playground-error"
          >
            {error}
          </p>
        )}
      </form>
      {plan && <PlaygroundResult plan={plan} answer={answer} streaming={streaming} />}
    </div>
  );
}
