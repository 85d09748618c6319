"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { buttonClass, callApi, inputClass, secondaryButtonClass } from "@/components/admin/api";

type Canned = { id: string; shortcut: string; text: string };

function CannedForm({
  initial,
  submit,
  label,
}: {
  initial?: Canned;
  submit: (v: { shortcut: string; text: string }) => Promise<boolean>;
  label: string;
}) {
  const t = useTranslations("settings.canned");
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? "");
  const [text, setText] = useState(initial?.text ?? "");
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        if ((await submit({ shortcut, text })) && !initial) setShortcut(""), setText("");
      }}
    >
      <label className="text-xs text-slate-600">
        {t("shortcut")}
        <input
          data-testid="canned-shortcut"
          value={shortcut}
          onChange={(e) => setShortcut(e.target.value)}
          placeholder={t("shortcutPlaceholder")}
          className={`${inputClass} w-32`}
        />
      </label>
      <label className="min-w-64 flex-1 text-xs text-slate-600">
        {t("reply")}
        <input
          data-testid="canned-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("replyPlaceholder")}
          className={inputClass}
        />
      </label>
      <button data-testid="canned-save" className={buttonClass}>
        {label}
      </button>
    </form>
  );
}

/** The tenant's canned replies; agents type "/shortcut" in the reply box to use one. */
export function CannedManager({ canned, canEdit }: { canned: Canned[]; canEdit: boolean }) {
  const t = useTranslations("settings.canned");
  const errText = useErrorText();
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [editing, setEditing] = useState<string | null>(null);

  async function run(method: "POST" | "PUT" | "DELETE", url: string, body?: unknown) {
    const res = await callApi(method, url, body);
    setMessage(res.ok ? "" : errText(res));
    if (res.ok) router.refresh(), setEditing(null);
    return res.ok;
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="canned-settings">
      <h2 className="font-semibold">{t("title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t.rich("hint", { code: (c) => <code>{c}</code> })}</p>
      {canEdit && (
        <div className="mt-3">
          <CannedForm label={t("add")} submit={(v) => run("POST", "/api/admin/canned", v)} />
        </div>
      )}
      {message && (
        <p role="alert" className="mt-2 text-sm text-red-600" data-testid="canned-error">
          {message}
        </p>
      )}
      <ul className="mt-4 divide-y divide-slate-100">
        {canned.length === 0 && <li className="py-2 text-sm text-slate-500">{t("none")}</li>}
        {canned.map((c) => (
          <li key={c.id} className="py-2" data-testid="canned-row" data-shortcut={c.shortcut}>
            {editing === c.id ? (
              <CannedForm initial={c} label={t("save")} submit={(v) => run("PUT", `/api/admin/canned/${c.id}`, v)} />
            ) : (
              <div className="flex items-center gap-3 text-sm">
                <span className="w-32 shrink-0 font-mono text-indigo-700" data-i18n-skip>
                  /{c.shortcut}
                </span>
                <span className="flex-1" data-i18n-skip>
                  {c.text}
                </span>
                {canEdit && (
                  <>
                    <button className={secondaryButtonClass} onClick={() => setEditing(c.id)} data-testid="canned-edit">
                      {t("edit")}
                    </button>
                    <button
                      className={secondaryButtonClass}
                      onClick={() => run("DELETE", `/api/admin/canned/${c.id}`)}
                      data-testid="canned-delete"
                    >
                      {t("delete")}
                    </button>
                  </>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
