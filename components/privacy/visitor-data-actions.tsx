"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** The visitor panel's personal data actions (admins): download everything held about them, or erase it. */
export function VisitorDataActions({ visitorId, onErased }: { visitorId: string; onErased: () => void }) {
  const t = useTranslations("privacy");
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
  const url = `/api/admin/privacy/visitors/${encodeURIComponent(visitorId)}`;

  async function erase() {
    setState("busy");
    // a network failure is shown like a refused erase: "failed", and the button stays to try again
    const res = await fetch(url, { method: "DELETE" }).catch(() => null);
    if (!res?.ok) return setState("failed");
    setConfirming(false);
    setState("idle");
    onErased();
  }

  return (
    <div className="mt-4 border-t border-slate-100 pt-3" data-testid="visitor-data">
      <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">{t("panel.title")}</h3>
      <div className="flex gap-2">
        <a
          href={`${url}/export`}
          download
          className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
          data-testid="visitor-export"
        >
          {t("panel.export")}
        </a>
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded border border-red-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50"
          data-testid="visitor-erase"
        >
          {t("panel.erase")}
        </button>
      </div>
      {confirming && (
        <div
          role="alertdialog"
          aria-modal="true"
          className="fixed inset-0 z-50 flex items-center justify-center bg-black/30"
          data-testid="visitor-erase-dialog"
        >
          <div className="w-96 rounded-lg bg-white p-5 shadow-lg">
            <h4 className="font-semibold">{t("panel.confirmTitle")}</h4>
            <p className="mt-2 text-sm text-slate-600">{t("panel.confirmBody")}</p>
            {state === "failed" && (
              <p className="mt-2 text-sm text-red-700" data-testid="visitor-erase-failed">
                {t("panel.failed")}
              </p>
            )}
            <div className="mt-4 flex justify-end gap-2">
              <button
                type="button"
                onClick={() => (setConfirming(false), setState("idle"))}
                className="rounded px-3 py-1.5 text-sm hover:bg-slate-100"
                data-testid="visitor-erase-cancel"
              >
                {t("panel.cancel")}
              </button>
              <button
                type="button"
                disabled={state === "busy"}
                onClick={erase}
                className="rounded bg-red-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
                data-testid="visitor-erase-confirm"
              >
                {t("panel.confirm")}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
