"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import type { ModelsState } from "@/lib/llm/engine-view";
import { callApi } from "../api";
import { EmbeddingModel } from "./embedding-model";
import { LoadedModel } from "./loaded-model";
import { ModelPool } from "./model-pool";
import { ModelRow } from "./model-row";

export type Action =
  | { action: "download" | "cancel"; id: string }
  | { action: "use"; file: string; as: "chat" | "light" | "embedding" }
  | { action: "clear"; as: "light" | "embedding" }
  | { action: "load"; file: string; target?: "chat" | "embedding" }
  | { action: "remove"; file: string }
  | { action: "unload"; target?: "chat" | "embedding" };

/** How often the page asks the server: fast while a download or a load runs, slowly otherwise (new hand-placed files). */
const FAST_MS = 500;
const SLOW_MS = 5000;

/** `canManage`: the viewer is an admin of the server's own workspace; anyone else sees the page with its actions off. */
export function ModelsPanel({ initial, canManage }: { initial: ModelsState; canManage: boolean }) {
  const t = useTranslations("models");
  const errText = useErrorText();
  const [state, setState] = useState(initial);
  const [acting, setBusy] = useState(false);
  const busy = acting || !canManage;
  const [error, setError] = useState("");
  const [offline, setOffline] = useState(false);

  const active =
    state.downloads.some((d) => d.status === "running") ||
    state.load?.status === "loading" ||
    state.engine.status === "loading" ||
    state.embedding.status === "loading";

  const polling = useRef(false);
  const refresh = useCallback(async () => {
    if (polling.current) return; // a slow answer: skip a beat rather than pile requests up
    polling.current = true;
    try {
      const res = await fetch("/api/admin/models", { cache: "no-store" });
      if (res.status === 401) return setError(t("sessionEnded"));
      if (!res.ok) return setOffline(true);
      setState(await res.json());
      setOffline(false);
    } catch {
      setOffline(true);
    } finally {
      polling.current = false;
    }
  }, [t]);

  useEffect(() => {
    const timer = setInterval(refresh, active ? FAST_MS : SLOW_MS);
    return () => clearInterval(timer);
  }, [active, refresh]);

  async function act(body: Action) {
    setBusy(true);
    setError("");
    const res = await callApi<ModelsState>("POST", "/api/admin/models", body);
    setBusy(false);
    if (!res.ok) return setError(errText(res));
    setState(res.data);
  }

  const downloads = new Map(state.downloads.map((d) => [d.id, d]));
  const loadedFile = state.engine.inModelsDir && state.engine.status !== "none" ? state.engine.file : null;
  const embeddingFile = state.embedding.inModelsDir && state.embedding.status !== "none" ? state.embedding.file : null;

  return (
    <div className="space-y-6">
      <LoadedModel
        engine={state.engine}
        load={state.load?.target === "embedding" ? null : state.load}
        busy={busy}
        onUnload={() => act({ action: "unload" })}
      />
      <EmbeddingModel
        embedding={state.embedding}
        chosen={state.settings.embedding ?? null}
        load={state.load?.target === "embedding" ? state.load : null}
        busy={busy}
        onAction={act}
      />
      <ModelPool
        pool={state.pool}
        totalBytes={state.totalModelBytes}
        light={state.settings.light ?? null}
        busy={busy}
        onAction={act}
      />
      {offline && <p className="text-sm text-amber-700">{t("offline")}</p>}
      {error && (
        <p
          role="alert"
          data-testid="models-error"
          className="whitespace-pre-line rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {error}
        </p>
      )}
      {state.warnings.map((w) => (
        <p
          key={w}
          data-i18n-skip
          data-testid="models-warning"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800"
        >
          {w}
        </p>
      ))}
      <section>
        <h2 className="font-medium">{t("catalog")}</h2>
        <ul
          className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white"
          data-testid="models-list"
        >
          {state.models.map((m) => (
            <ModelRow
              key={m.file}
              model={m}
              download={m.id ? downloads.get(m.id) : undefined}
              loaded={loadedFile === m.file}
              embeddingLoaded={embeddingFile === m.file}
              busy={busy}
              onAction={act}
            />
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-500">
          {t.rich("folder", {
            dir: state.dir,
            code: (c) => (
              <code data-testid="models-dir" data-i18n-skip>
                {c}
              </code>
            ),
          })}
        </p>
      </section>
    </div>
  );
}
