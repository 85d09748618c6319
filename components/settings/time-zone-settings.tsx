"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { callApi, inputClass } from "@/components/admin/api";
import { useErrorText } from "@/components/use-error-text";

type Zone = { timeZone: string | null; effective: string; server: string };

// zone names are identifiers (IANA), not UI text: shown as they are in both languages
const zoneTag = (chunks: React.ReactNode) => (
  <span className="font-mono" data-i18n-skip>
    {chunks}
  </span>
);

/** The workspace's time zone: "" follows the server (TZ), else an IANA zone. */
export function TimeZoneSettings({ initial }: { initial: Zone }) {
  const t = useTranslations("settings.workspace.timeZone");
  const errorText = useErrorText();
  const router = useRouter();
  const [zone, setZone] = useState(initial);
  const [value, setValue] = useState(initial.timeZone ?? "");
  const [message, setMessage] = useState<{ ok: boolean; text: React.ReactNode } | null>(null);
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf("timeZone");
    // a stored zone this browser does not list still shows as chosen
    return initial.timeZone && !all.includes(initial.timeZone) ? [initial.timeZone, ...all] : all;
  }, [initial.timeZone]);

  async function save() {
    if (value && !zones.includes(value)) return setMessage({ ok: false, text: t("invalid") });
    const res = await callApi<Zone>("PUT", "/api/admin/settings/time-zone", { timeZone: value || null });
    if (!res.ok) return setMessage({ ok: false, text: errorText(res) });
    setZone(res.data);
    setMessage({ ok: true, text: t.rich("saved", { zone: res.data.effective, z: zoneTag }) });
    router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="time-zone-settings">
      <h2 className="font-medium">{t("heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("explain")}</p>
      <p className="mt-2 text-sm" data-testid="time-zone-current" data-zone={zone.effective}>
        {zone.timeZone
          ? t.rich("current", { zone: zone.effective, z: zoneTag })
          : t.rich("followsServer", { zone: zone.server, z: zoneTag })}
      </p>
      <form
        noValidate
        className="mt-3 flex items-center gap-2 text-sm"
        onSubmit={(e) => (e.preventDefault(), void save())}
      >
        <label htmlFor="time-zone">{t("label")}</label>
        <select
          id="time-zone"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="time-zone-select"
          className={`${inputClass} !mt-0 w-72`}
          data-i18n-skip
        >
          <option value="">{t("server", { zone: zone.server })}</option>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        <button type="submit" data-testid="time-zone-save" className="rounded-md bg-indigo-600 px-3 py-1.5 text-white">
          {t("save")}
        </button>
      </form>
      {message && (
        <p
          className={`mt-2 text-sm ${message.ok ? "text-slate-700" : "text-red-600"}`}
          role={message.ok ? "status" : "alert"}
          data-testid="time-zone-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
