"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { secondaryButtonClass } from "./api";

export function EmbedSnippet({ snippet }: { snippet: string }) {
  const t = useTranslations("bots.embed");
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied("yes");
    } catch {
      // the clipboard API needs a secure context (https or localhost); selecting lets the user copy by hand
      setCopied("no");
    }
  }
  return (
    <div className="mt-3 flex items-start gap-2">
      <pre
        data-testid="embed-snippet"
        className="min-w-0 flex-1 whitespace-pre-wrap break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 select-all"
      >
        {snippet}
      </pre>
      <button type="button" onClick={copy} data-testid="embed-copy" className={secondaryButtonClass}>
        {copied === "yes" ? t("copied") : copied === "no" ? t("selectCopy") : t("copy")}
      </button>
    </div>
  );
}
