"use client";

import { useLocale, useTranslations } from "next-intl";
import { labelFields } from "@/components/admin/api";

export type ShownError = { code?: string; message: string; status?: number };

/**
 * An API or socket error as the person reads it: the server's English message as is in English (it names the exact
 * field), in Chinese the translation of its stable code; an unknown code keeps the server's message.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  const locale = useLocale();
  // `labels`: the form's own names for the fields an English message names ("maxTokens: Too big")
  return (e: ShownError | string, labels?: Record<string, string>): string => {
    const err = typeof e === "string" ? { message: e } : e;
    if (locale === "en" || !err.code) return labels ? labelFields(err.message, labels) : err.message;
    if (err.code === "http") return t("http", { status: err.status ?? 0 });
    return t.has(err.code) ? t(err.code) : err.message;
  };
}
