"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import type { SpeedTest } from "@/lib/llm/speed-test";
import { callApi, secondaryButtonClass } from "../api";

/** "Test speed": the loaded model's first token and tokens/s on this machine, with no Kefu code in the way. */
export function SpeedTestButton({ disabled }: { disabled: boolean }) {
  const t = useTranslations("models.speed");
  const errText = useErrorText();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SpeedTest | null>(null);
  const [error, setError] = useState("");

  async function run() {
    setRunning(true);
    setError("");
    const res = await callApi<{ speedTest: SpeedTest }>("POST", "/api/admin/models", {
      action: "speed-test",
      maxTokens: 64,
    });
    setRunning(false);
    if (!res.ok) return setError(errText(res));
    setResult(res.data.speedTest);
  }

  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <button
        type="button"
        onClick={run}
        disabled={disabled || running}
        data-testid="speed-test"
        className={secondaryButtonClass}
      >
        {running ? t("testing") : t("test")}
      </button>
      {result && !running && (
        <span data-testid="speed-test-result" className="text-slate-700">
          {t("result", { ms: String(Math.round(result.firstTokenMs)), tps: result.tokensPerSecond.toFixed(1) })}{" "}
          <span className="text-slate-400">
            {t("detail", { tokens: String(result.tokens), prompt: String(result.promptTokens), model: result.model })}
          </span>
        </span>
      )}
      {error && <span className="text-red-700">{error}</span>}
    </div>
  );
}
