"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { LOCALE_COOKIE, LOCALES, type Locale } from "@/lib/i18n/locale";

const NAMES: Record<Locale, string> = { "zh-CN": "中文", en: "English" };

export function LanguageSwitch() {
  const t = useTranslations("common");
  const current = useLocale();
  const router = useRouter();
  function choose(locale: Locale) {
    // biome-ignore lint/suspicious/noDocumentCookie: one plain cookie the server reads; the Cookie Store API is not in every browser Kefu supports
    document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }
  return (
    <label className="flex items-center gap-1">
      <span className="sr-only">{t("language")}</span>
      <select
        value={current}
        onChange={(e) => choose(e.target.value as Locale)}
        data-testid="language-switch"
        className="rounded border border-slate-200 bg-white px-1 py-0.5"
      >
        {LOCALES.map((l) => (
          <option data-i18n-skip key={l} value={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
