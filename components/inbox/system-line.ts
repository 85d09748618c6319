"use client";

import { useTranslations } from "next-intl";
import { isSystemKey } from "@/lib/i18n/system-lines-keys";
import type { WireMessage } from "./types";

/** A system line in the agent's language (the visitor read it in theirs); other messages as written. */
export function useMessageText() {
  const t = useTranslations("system");
  return (m: Pick<WireMessage, "role" | "text" | "systemKey" | "systemArgs">) =>
    m.role === "system" && isSystemKey(m.systemKey) ? t(m.systemKey, m.systemArgs ?? {}) : m.text;
}
