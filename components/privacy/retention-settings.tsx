"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, inputClass } from "@/components/admin/api";
import { useErrorText } from "@/components/use-error-text";

const MAX_DAYS = 36_500;

/** How many days a closed conversation is kept before the retention sweep deletes it (0: for ever). */
export function RetentionSettings({ days }: { days: number }) {
  const t = useTranslations("privacy.retention");
  const errorText = useErrorText();
  const router = useRouter();
  const [value, setValue] = useState(String(days));
  const [current, setCurrent] = useState(days);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function save() {
    const n = Number(value);
    // checked here too so the reason reads in the page's language; the server refuses the same values
    if (!/^\d+$/.test(value.trim()) || n > MAX_DAYS)
      return setMessage({ ok: false, text: t("invalid", { max: MAX_DAYS }) });
    const res = await callApi<{ retentionDays: number }>("PUT", "/api/admin/settings/retention", { retentionDays: n });
    if (!res.ok) return setMessage({ ok: false, text: errorText(res) });
    setCurrent(res.data.retentionDays);
    setMessage({
      ok: true,
      text: res.data.retentionDays ? t("saved", { days: res.data.retentionDays }) : t("savedForever"),
    });
    router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="retention-settings">
      <p className="text-sm" data-testid="retention-current">
        {current ? t("current", { days: current }) : t("currentForever")}
      </p>
      <form
        noValidate
        className="mt-3 flex items-center gap-2 text-sm"
        onSubmit={(e) => (e.preventDefault(), void save())}
      >
        <label htmlFor="retention-days">{t("label")}</label>
        <input
          id="retention-days"
          type="number"
          min={0}
          max={MAX_DAYS}
          step={1}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="retention-days"
          className={`${inputClass} !mt-0 w-28`}
        />
        <span>{t("days")}</span>
        <button type="submit" data-testid="retention-save" className="rounded-md bg-indigo-600 px-3 py-1.5 text-white">
          {t("save")}
        </button>
      </form>
      <p className="mt-2 text-xs text-slate-500">{t("zeroHint")}</p>
      {message && (
        <p
          className={`mt-2 text-sm ${message.ok ? "text-slate-700" : "text-red-600"}`}
          role={message.ok ? "status" : "alert"}
          data-testid="retention-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
