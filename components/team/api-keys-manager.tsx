"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, call, inputClass, smallButtonClass, useErrorText } from "./call";
import { OneTimeSecret } from "./one-time-secret";

export type KeyView = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null };

/** The API keys page: create with a label (the key shown once), list, revoke after a confirmation. */
export function ApiKeysManager({ keys }: { keys: KeyView[] }) {
  const t = useTranslations("team");
  const format = useFormatter();
  const errorText = useErrorText();
  const router = useRouter();
  const [created, setCreated] = useState<{ label: string; key: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const when = (d: string | null) =>
    d ? format.dateTime(new Date(d), { dateStyle: "medium", timeStyle: "short" }) : t("never");

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setMessage(null);
    const res = await call<{ key: { name: string; key: string } }>("POST", "/api/admin/api-keys", {
      label: String(new FormData(form).get("label")),
    });
    if (!res.ok) return setMessage({ text: errorText(res), error: true });
    form.reset();
    setCreated({ label: res.data.key.name, key: res.data.key.key });
    router.refresh();
  }

  async function revoke(k: KeyView) {
    setConfirming(null);
    const res = await call("DELETE", `/api/admin/api-keys/${k.id}`);
    setMessage(
      res.ok ? { text: t("keys.revoked", { label: k.name }), error: false } : { text: errorText(res), error: true },
    );
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={create}
        className="flex items-end gap-2 rounded-lg border border-slate-200 bg-white p-4"
        data-testid="apikey-create-form"
      >
        <label className="block flex-1 text-sm">
          {t("keys.label")}
          <input
            name="label"
            required
            maxLength={100}
            placeholder={t("keys.labelHint")}
            className={inputClass}
            data-testid="apikey-label"
          />
        </label>
        <button type="submit" className={buttonClass} data-testid="apikey-create">
          {t("keys.create")}
        </button>
      </form>
      {created && (
        <OneTimeSecret
          kind="key"
          value={created.key}
          title={t("keys.secretTitle", { label: created.label })}
          note={t("keys.secretOnce")}
          onDone={() => setCreated(null)}
        />
      )}
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={`text-sm ${message.error ? "text-red-600" : "text-slate-700"}`}
          data-testid={message.error ? "apikey-error" : "apikey-message"}
        >
          {message.text}
        </p>
      )}
      {keys.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="apikey-none">
          {t("keys.none")}
        </p>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-2 py-2">{t("keys.label")}</th>
              <th>{t("keys.prefix")}</th>
              <th>{t("keys.created")}</th>
              <th>{t("keys.lastUsed")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className="border-t border-slate-100" data-testid="apikey-row" data-label={k.name}>
                <td className="px-2 py-2 font-medium">{k.name}</td>
                <td className="font-mono text-xs" data-testid="apikey-prefix">
                  {k.prefix}…
                </td>
                <td className="text-xs text-slate-600">{when(k.createdAt)}</td>
                <td className="text-xs text-slate-600" data-testid="apikey-last-used">
                  {when(k.lastUsedAt)}
                </td>
                <td className="py-2 text-right">
                  {confirming === k.id ? (
                    <span className="text-xs">
                      {t("keys.confirmRevoke", { label: k.name })}{" "}
                      <button
                        type="button"
                        className={`${smallButtonClass} !border-red-300 text-red-700`}
                        onClick={() => void revoke(k)}
                        data-testid="apikey-revoke-confirm"
                      >
                        {t("keys.confirm")}
                      </button>{" "}
                      <button type="button" className={smallButtonClass} onClick={() => setConfirming(null)}>
                        {t("actions.cancel")}
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className={smallButtonClass}
                      onClick={() => setConfirming(k.id)}
                      data-testid="apikey-revoke"
                    >
                      {t("keys.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
