"use client";

import { useLocale, useTranslations } from "next-intl";

/**
 * A failure the server recorded in English with a stable code (an import, a model load), as the person reads it:
 * in English the server's message as is (it names the exact host, size or line); in another language the
 * translation of its code, the English detail left in the element's title for whoever helps them.
 */
export function useFailureText(area: "import" | "model") {
  const t = useTranslations("consoleErrors");
  const locale = useLocale();
  return (code: string | null | undefined, message: string | null | undefined): string => {
    if (locale === "en" || !code) return message ?? "";
    const key = `${area}.${code}`;
    return t.has(key) ? t(key) : t(`${area}.other`);
  };
}
