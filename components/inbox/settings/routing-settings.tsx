"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/use-error-text";
import { callApi, inputClass } from "@/components/admin/api";

type Agent = { userId: string; name: string; email: string; role: string; maxChats: number; open: number };

/** Routing mode and each agent's limit of open conversations. */
export function RoutingSettings({ mode, agents }: { mode: "auto" | "queue"; agents: Agent[] }) {
  const t = useTranslations("settings.routing");
  const roles = useTranslations("common.roles");
  const errText = useErrorText();
  const router = useRouter();
  const [message, setMessage] = useState("");

  async function save(method: "PUT", url: string, body: unknown, done: string) {
    const res = await callApi(method, url, body);
    setMessage(res.ok ? done : errText(res));
    if (res.ok) router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="routing-settings">
      <h2 className="font-semibold">{t("title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      <div className="mt-3 space-y-2 text-sm">
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name="routing"
            data-testid="routing-auto"
            checked={mode === "auto"}
            onChange={() => save("PUT", "/api/admin/inbox/routing", { routingMode: "auto" }, t("savedAuto"))}
          />
          <span>{t.rich("auto", { b: (c) => <b>{c}</b> })}</span>
        </label>
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name="routing"
            data-testid="routing-queue"
            checked={mode === "queue"}
            onChange={() => save("PUT", "/api/admin/inbox/routing", { routingMode: "queue" }, t("savedQueue"))}
          />
          <span>{t.rich("queue", { b: (c) => <b>{c}</b> })}</span>
        </label>
      </div>
      <table className="mt-4 w-full text-sm">
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1">{t("agent")}</th>
            <th>{t("role")}</th>
            <th>{t("openNow")}</th>
            <th>{t("max")}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.userId} className="border-t border-slate-100">
              <td className="py-1.5" data-i18n-skip>
                {a.name} <span className="text-xs text-slate-500">{a.email}</span>
              </td>
              <td>{roles.has(a.role) ? roles(a.role as "agent") : a.role}</td>
              <td>{a.open}</td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={100}
                  defaultValue={a.maxChats}
                  data-testid={`max-chats-${a.email}`}
                  className={`${inputClass} !mt-0 w-20`}
                  onBlur={(e) =>
                    Number(e.target.value) !== a.maxChats &&
                    save(
                      "PUT",
                      "/api/admin/inbox/agents",
                      { userId: a.userId, maxChats: Number(e.target.value) },
                      t("savedMax", { name: a.name, max: e.target.value }),
                    )
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && (
        <p className="mt-2 text-sm text-slate-700" role="status" data-testid="routing-message">
          {message}
        </p>
      )}
    </section>
  );
}
