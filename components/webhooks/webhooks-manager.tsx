"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, call, inputClass, smallButtonClass } from "../team/call";
import { DeliveryLog } from "./delivery-log";

export type HookView = {
  id: string;
  url: string;
  secret: string;
  events: string[];
  active: boolean;
  createdAt: string;
};

/** The Webhooks settings page: subscribe a URL to events, see each webhook's secret and delivery log, remove it. */
export function WebhooksManager({ hooks, events }: { hooks: HookView[]; events: string[] }) {
  const t = useTranslations("webhooks");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const errorText = (r: { code: string; message: string }) => {
    if (r.code !== "bad_request") return t("errors.generic");
    // the most likely refusal on a first try (a receiver on this machine or the intranet), in the console's language
    // with the operator's switch; other reasons name the field in the server's words
    return /private, loopback or link-local/.test(r.message)
      ? t("errors.private")
      : t("errors.bad_request", { detail: r.message });
  };

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setError(null);
    const res = await call("POST", "/api/admin/webhooks", {
      url: String(data.get("url")),
      events: data.getAll("events").map(String),
    });
    if (!res.ok) return setError(errorText(res));
    form.reset();
    router.refresh();
  }

  async function remove(id: string) {
    const res = await call("DELETE", `/api/admin/webhooks/${id}`);
    if (!res.ok) setError(errorText(res));
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={create}
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
        data-testid="webhook-create-form"
      >
        <label className="block text-sm">
          {t("url")}
          <input
            name="url"
            required
            placeholder="https://crm.example.com/kefu"
            className={inputClass}
            data-testid="webhook-url"
          />
        </label>
        <fieldset className="flex flex-wrap gap-3 text-sm">
          <legend className="mb-1">{t("events")}</legend>
          {events.map((ev) => (
            <label key={ev} className="flex items-center gap-1">
              <input type="checkbox" name="events" value={ev} defaultChecked data-testid={`webhook-event-${ev}`} />
              <span title={ev}>{t(`event.${ev.replace(".", "_")}`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className={buttonClass} data-testid="webhook-create">
          {t("create")}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600" data-testid="webhook-error">
          {error}
        </p>
      )}
      {hooks.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="webhook-none">
          {t("none")}
        </p>
      ) : (
        <ul className="space-y-3">
          {hooks.map((h) => (
            <li
              key={h.id}
              className="rounded-lg border border-slate-200 bg-white p-4 text-sm"
              data-testid="webhook-row"
              data-id={h.id}
            >
              <div className="flex items-center justify-between gap-2">
                <div className="min-w-0">
                  <div className="break-all font-medium" data-testid="webhook-row-url">
                    {h.url}
                  </div>
                  <div className="text-xs text-slate-500">{h.events.join(", ")}</div>
                  <div className="mt-1 text-xs text-slate-500">
                    {t("secret")}:{" "}
                    <code className="break-all" data-testid="webhook-secret">
                      {h.secret}
                    </code>
                  </div>
                </div>
                <div className="flex shrink-0 gap-2">
                  <button
                    className={smallButtonClass}
                    onClick={() => setOpen(open === h.id ? null : h.id)}
                    data-testid="webhook-deliveries-toggle"
                  >
                    {t("deliveries")}
                  </button>
                  <button className={smallButtonClass} onClick={() => remove(h.id)} data-testid="webhook-delete">
                    {t("delete")}
                  </button>
                </div>
              </div>
              {open === h.id && <DeliveryLog webhookId={h.id} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
