"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, inputClass } from "./api";
import { botApi, errorText } from "./bot-api";

/** The Bots page's "new bot" form: a name is enough; the new bot opens at once. */
export function BotCreate() {
  const t = useTranslations("bots");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
    if (!name) return setError(t("errors.nameEmpty"));
    if (name.length > 80) return setError(t("errors.nameTooLong"));
    setBusy(true);
    setError("");
    const res = await botApi<{ bot: { id: string } }>("POST", "/api/admin/bots", { name });
    if (!res.ok) {
      setBusy(false);
      return setError(errorText(t, t.has, res));
    }
    router.push(`/bots/${res.data.bot.id}`);
  }

  return (
    <form
      onSubmit={onSubmit}
      className="mt-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <label className="min-w-60 flex-1 text-sm font-medium">
        {t("create.label")}
        <input name="name" placeholder={t("create.placeholder")} data-testid="bot-create-name" className={inputClass} />
      </label>
      <button type="submit" disabled={busy} data-testid="bot-create" className={buttonClass}>
        {busy ? t("create.busy") : t("create.submit")}
      </button>
      {error && (
        <p
          role="alert"
          data-testid="bot-create-error"
          className="w-full rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {error}
        </p>
      )}
    </form>
  );
}
