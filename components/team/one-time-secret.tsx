"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { smallButtonClass } from "./call";

/** A link, password or key the server will never show again: copy it, then dismiss. */
export function OneTimeSecret({
  title,
  value,
  kind,
  expiresAt,
  note,
  onDone,
}: {
  title: string;
  value: string;
  kind: "link" | "password" | "key";
  expiresAt?: string;
  note?: string;
  onDone: () => void;
}) {
  const t = useTranslations("team.secret");
  const format = useFormatter();
  const [copied, setCopied] = useState(false);
  return (
    <div
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm"
      data-testid="one-time-secret"
      data-kind={kind}
    >
      <div className="font-medium">{title}</div>
      <code className="mt-2 block break-all rounded bg-white px-2 py-1.5 font-mono" data-testid={`one-time-${kind}`}>
        {value}
      </code>
      <p className="mt-2 text-slate-700">{note ?? t("once")}</p>
      {expiresAt && (
        <p className="text-slate-600">
          {t("expires", { date: format.dateTime(new Date(expiresAt), { dateStyle: "medium", timeStyle: "short" }) })}
        </p>
      )}
      <div className="mt-3 flex gap-2">
        <button
          type="button"
          className={smallButtonClass}
          onClick={() =>
            navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              // a refused clipboard needs no word: the secret stays shown, to be copied by hand
              () => {},
            )
          }
        >
          {copied ? t("copied") : t("copy")}
        </button>
        <button type="button" className={smallButtonClass} onClick={onDone} data-testid="one-time-done">
          {t("dismiss")}
        </button>
      </div>
    </div>
  );
}
