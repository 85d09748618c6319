"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { call, smallButtonClass } from "../team/call";

type Delivery = {
  id: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
};

/** One webhook's deliveries, newest first, refreshed every few seconds, each with "send again". */
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const t = useTranslations("webhooks");
  const format = useFormatter();
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const load = useCallback(async () => {
    const res = await call<{ deliveries: Delivery[] }>("GET", `/api/admin/webhooks/${webhookId}/deliveries`);
    if (res.ok) setRows(res.data.deliveries);
  }, [webhookId]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load]);

  async function again(id: string) {
    await call("POST", `/api/admin/webhooks/${webhookId}/deliveries/${id}/redeliver`);
    await load();
  }

  if (!rows) return null;
  if (rows.length === 0)
    return (
      <p className="mt-3 text-xs text-slate-500" data-testid="delivery-none">
        {t("noDeliveries")}
      </p>
    );
  return (
    <table className="mt-3 w-full text-left text-xs" data-testid="delivery-log">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1">{t("when")}</th>
          <th>{t("eventColumn")}</th>
          <th>{t("status")}</th>
          <th>{t("attempts")}</th>
          <th>{t("lastAnswer")}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr
            key={d.id}
            className="border-t border-slate-100"
            data-testid="delivery-row"
            data-id={d.id}
            data-status={d.status}
          >
            <td className="py-1">
              {format.dateTime(new Date(d.createdAt), { dateStyle: "short", timeStyle: "medium" })}
            </td>
            <td>{d.event}</td>
            <td>{t(`state.${d.status}`)}</td>
            <td>{d.attempts}</td>
            <td className="max-w-xs truncate" title={d.lastError ?? ""}>
              {d.lastStatus ?? d.lastError ?? "—"}
            </td>
            <td>
              <button className={smallButtonClass} onClick={() => again(d.id)} data-testid="delivery-again">
                {t("sendAgain")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
