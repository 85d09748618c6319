"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, inputClass, secondaryButtonClass } from "./api";
import { botApi, errorText } from "./bot-api";

type Usage = { openConversations: number; recentConversations: number; conversations: number; live: boolean };

/** Duplicate and delete on a bot's page. Deleting says what stops and what is kept; a live widget needs the typed name. */
export function BotActions({ bot }: { bot: { id: string; name: string } }) {
  const t = useTranslations("bots");
  const router = useRouter();
  const [busy, setBusy] = useState<"" | "duplicate" | "delete">("");
  const [error, setError] = useState("");
  const [usage, setUsage] = useState<Usage | "loading" | null>(null);
  const [typed, setTyped] = useState("");
  const url = `/api/admin/bots/${encodeURIComponent(bot.id)}`;

  async function duplicate() {
    setBusy("duplicate");
    setError("");
    const res = await botApi<{ bot: { id: string } }>("POST", `${url}/duplicate`, {});
    setBusy("");
    if (!res.ok) return setError(errorText(t, t.has, res));
    router.push(`/bots/${res.data.bot.id}`);
  }

  async function openDelete() {
    setError("");
    setTyped("");
    setUsage("loading");
    const res = await botApi<{ usage: Usage }>("GET", `${url}/usage`);
    if (!res.ok) {
      setUsage(null);
      return setError(errorText(t, t.has, res));
    }
    setUsage(res.data.usage);
  }

  async function confirmDelete(live: boolean) {
    setBusy("delete");
    setError("");
    const res = await botApi("DELETE", `${url}${live ? "?force=true" : ""}`);
    setBusy("");
    if (!res.ok) return setError(errorText(t, t.has, res));
    router.push("/bots");
    router.refresh();
  }

  const ready = usage && usage !== "loading" ? usage : null;
  const nameMatches = typed.trim() === bot.name;
  return (
    <div className="space-y-3">
      <div className="flex gap-2">
        <button
          type="button"
          onClick={duplicate}
          disabled={busy !== ""}
          data-testid="bot-duplicate"
          className={secondaryButtonClass}
        >
          {busy === "duplicate" ? t("actions.duplicating") : t("actions.duplicate")}
        </button>
        <button
          type="button"
          onClick={openDelete}
          disabled={busy !== ""}
          data-testid="bot-delete"
          className={`${secondaryButtonClass} text-red-700`}
        >
          {t("actions.delete")}
        </button>
      </div>
      {usage && (
        <div
          role="dialog"
          aria-modal="true"
          data-testid="bot-delete-dialog"
          className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-4 text-sm"
        >
          <h2 className="font-medium text-red-800">{t("delete.title", { name: bot.name })}</h2>
          {!ready ? (
            <p>{t("delete.loading")}</p>
          ) : (
            <>
              <ul className="list-disc space-y-1 pl-5" data-testid="bot-delete-consequences">
                <li>{t("delete.widgetStops")}</li>
                <li>{t("delete.conversationsKept", { count: ready.conversations, name: bot.name })}</li>
                <li>{t("delete.openClosed", { count: ready.openConversations })}</li>
              </ul>
              {ready.live && (
                <label className="block">
                  {t("delete.live")}
                  <input
                    value={typed}
                    onChange={(e) => setTyped(e.target.value)}
                    placeholder={t("delete.confirmName")}
                    data-testid="bot-delete-name"
                    className={inputClass}
                  />
                </label>
              )}
              <div className="flex gap-2">
                <button
                  type="button"
                  onClick={() => confirmDelete(ready.live)}
                  disabled={busy !== "" || (ready.live && !nameMatches)}
                  data-testid="bot-delete-confirm"
                  className={`${buttonClass} bg-red-600 hover:bg-red-700`}
                >
                  {busy === "delete" ? t("delete.deleting") : t("delete.confirm")}
                </button>
                <button
                  type="button"
                  onClick={() => setUsage(null)}
                  data-testid="bot-delete-cancel"
                  className={secondaryButtonClass}
                >
                  {t("delete.cancel")}
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {error && (
        <p role="alert" data-testid="bot-actions-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
