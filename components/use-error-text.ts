"use client";

import { useLocale, useTranslations } from "next-intl";

export type ShownError = { code?: string; message: string; status?: number };

/**
 * An API or socket error as the person reads it: the server's English message as is in English (it names the exact
 * field), in Chinese the translation of its stable code; an unknown code keeps the server's message.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  const locale = useLocale();
  return (e: ShownError | string): string => {
    const err = typeof e === "string" ? { message: e } : e;
    if (locale === "en" || !err.code) return err.message;
    if (err.code === "http") return t("http", { status: err.status ?? 0 });
    return t.has(err.code) ? t(err.code) : err.message;
  };
}
