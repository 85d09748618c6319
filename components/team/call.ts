"use client";

import { useTranslations } from "next-intl";
import { botApi } from "../admin/bot-api";

export type CallResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** fetch for the Team and API keys pages: the Bots pages' helper (JSON in, the data or the API's stable error code
 * out); an unknown code reads as the generic error (useErrorText). */
export function call<T>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
): Promise<CallResult<T>> {
  return botApi<T>(method, url, body);
}

const KNOWN = [
  "email_taken",
  "last_owner",
  "link_expired",
  "forbidden",
  "not_found",
  "unauthorized",
  "bad_request",
  "network",
];

/** The error in the reader's language, by its code; a field-level detail stays as the server wrote it. */
export function useErrorText() {
  const t = useTranslations("team.errors");
  return (r: { code: string; message: string }) =>
    KNOWN.includes(r.code) ? t(r.code, { detail: r.message }) : t("generic");
}

export const inputClass =
  "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
export const buttonClass =
  "rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50";
export const smallButtonClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-50";
