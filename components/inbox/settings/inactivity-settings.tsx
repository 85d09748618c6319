"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, inputClass } from "@/components/admin/api";

/** After how many minutes of visitor silence a conversation closes itself. */
export function InactivitySettings({ minutes }: { minutes: number }) {
  const t = useTranslations("teamInbox.inactivitySettings");
  const router = useRouter();
  const [value, setValue] = useState(String(minutes));
  const [message, setMessage] = useState("");

  async function save() {
    const res = await callApi("PUT", "/api/admin/inbox/inactivity", { inactivityMinutes: Number(value) });
    setMessage(res.ok ? t("saved", { minutes: Number(value) }) : res.message);
    if (res.ok) router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="inactivity-settings">
      <h2 className="font-semibold">{t("title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("help")}</p>
      <form
        noValidate
        className="mt-3 flex items-center gap-2 text-sm"
        onSubmit={(e) => (e.preventDefault(), void save())}
      >
        <input
          type="number"
          min={0}
          max={10080}
          step={1}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="inactivity-minutes"
          className={`${inputClass} !mt-0 w-24`}
        />
        <span>{t("minutes")}</span>
        <button type="submit" data-testid="inactivity-save" className="rounded-md bg-indigo-600 px-3 py-1.5 text-white">
          {t("save")}
        </button>
      </form>
      {message && (
        <p className="mt-2 text-sm text-slate-700" role="status" data-testid="inactivity-message">
          {message}
        </p>
      )}
    </section>
  );
}
