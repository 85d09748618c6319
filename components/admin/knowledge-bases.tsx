"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { buttonClass, callApi, inputClass, secondaryButtonClass } from "./api";

type Kb = { id: string; name: string; entryCount: number; bots: { id: string; name: string }[] };

function BaseRow({ kb }: { kb: Kb }) {
  const t = useTranslations("knowledge.bases");
  const errText = useErrorText();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState("");
  async function run(call: Promise<Awaited<ReturnType<typeof callApi>>>) {
    setError("");
    const res = await call;
    if (!res.ok) return setError(errText(res));
    setEditing(false);
    setConfirming(false);
    router.refresh();
  }
  const url = `/api/admin/knowledge/bases/${encodeURIComponent(kb.id)}`;
  return (
    <li data-testid="kb-row" data-kb-id={kb.id} className="px-4 py-2 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        {editing ? (
          <form
            className="flex flex-1 gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              run(callApi("PUT", url, { name: String(new FormData(e.currentTarget).get("name") ?? "") }));
            }}
          >
            <input
              name="name"
              defaultValue={kb.name}
              required
              maxLength={80}
              data-testid="kb-rename-input"
              className={`${inputClass} mt-0`}
            />
            <button type="submit" data-testid="kb-rename-save" className={secondaryButtonClass}>
              {t("save")}
            </button>
          </form>
        ) : (
          <div className="flex-1">
            <span className="font-medium" data-testid="kb-name" data-i18n-skip>
              {kb.name}
            </span>{" "}
            <span className="text-slate-500">
              · {t("entries", { count: kb.entryCount })} ·{" "}
              {kb.bots.length ? t("usedBy", { bots: kb.bots.map((b) => b.name).join(", ") }) : t("unused")}
            </span>
          </div>
        )}
        {confirming ? (
          <>
            <span className="text-red-700">{t("confirmDelete", { count: kb.entryCount })}</span>
            <button
              type="button"
              onClick={() => run(callApi("DELETE", url))}
              data-testid="kb-delete-confirm"
              className="rounded-md bg-red-600 px-3 py-1.5 text-white"
            >
              {t("delete")}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={secondaryButtonClass}>
              {t("keep")}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              onClick={() => setEditing((v) => !v)}
              data-testid="kb-rename"
              className={secondaryButtonClass}
            >
              {editing ? t("cancel") : t("rename")}
            </button>
            <button
              type="button"
              onClick={() => setConfirming(true)}
              data-testid="kb-delete"
              className={secondaryButtonClass}
            >
              {t("delete")}
            </button>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-red-700">
          {error}
        </p>
      )}
    </li>
  );
}

/** The tenant's knowledge bases: add, rename, delete. Bots choose theirs on the bot page. */
export function KnowledgeBases({ knowledgeBases }: { knowledgeBases: Kb[] }) {
  const t = useTranslations("knowledge.bases");
  const errText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState("");
  async function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    setError("");
    const res = await callApi("POST", "/api/admin/knowledge/bases", {
      name: String(new FormData(formEl).get("name") ?? ""),
    });
    if (!res.ok) return setError(errText(res));
    formEl.reset();
    router.refresh();
  }
  return (
    <details className="rounded-lg border border-slate-200 bg-white" data-testid="kb-panel">
      <summary className="cursor-pointer px-4 py-3 font-medium">{t("title", { count: knowledgeBases.length })}</summary>
      <ul className="divide-y divide-slate-100 border-t border-slate-200">
        {knowledgeBases.map((kb) => (
          <BaseRow key={kb.id} kb={kb} />
        ))}
      </ul>
      <form onSubmit={onCreate} className="flex gap-2 border-t border-slate-200 px-4 py-3">
        <input
          name="name"
          required
          maxLength={80}
          placeholder={t("newName")}
          data-testid="kb-new-name"
          className={`${inputClass} mt-0`}
        />
        <button type="submit" data-testid="kb-create" className={buttonClass}>
          {t("add")}
        </button>
      </form>
      {error && (
        <p role="alert" data-testid="kb-error" className="px-4 pb-3 text-sm text-red-700">
          {error}
        </p>
      )}
    </details>
  );
}
