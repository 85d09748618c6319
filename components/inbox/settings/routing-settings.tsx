"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, inputClass } from "@/components/admin/api";

type Agent = { userId: string; name: string; email: string; role: string; maxChats: number; open: number };

/** Routing mode and each agent's limit of open conversations. */
export function RoutingSettings({ mode, agents }: { mode: "auto" | "queue"; agents: Agent[] }) {
  const router = useRouter();
  const [message, setMessage] = useState("");

  async function save(method: "PUT", url: string, body: unknown, done: string) {
    const res = await callApi(method, url, body);
    setMessage(res.ok ? done : res.message);
    if (res.ok) router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="routing-settings">
      <h2 className="font-semibold">Routing</h2>
      <p className="mt-1 text-sm text-slate-600">How conversations waiting for an agent reach your team.</p>
      <div className="mt-3 space-y-2 text-sm">
        <label className="flex items-start gap-2">
          <input type="radio" name="routing" data-testid="routing-auto" checked={mode === "auto"} onChange={() => save("PUT", "/api/admin/inbox/routing", { routingMode: "auto" }, "Saved: automatic assignment.")} />
          <span><b>Automatic</b> — each waiting conversation goes to the online agent with the fewest open conversations, up to their limit.</span>
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="routing" data-testid="routing-queue" checked={mode === "queue"} onChange={() => save("PUT", "/api/admin/inbox/routing", { routingMode: "queue" }, "Saved: shared queue.")} />
          <span><b>Shared queue</b> — waiting conversations stay unassigned; agents claim them from the Waiting view.</span>
        </label>
      </div>
      <table className="mt-4 w-full text-sm">
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr><th className="py-1">Agent</th><th>Role</th><th>Open now</th><th>Max open conversations</th></tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.userId} className="border-t border-slate-100">
              <td className="py-1.5">{a.name} <span className="text-xs text-slate-500">{a.email}</span></td>
              <td>{a.role}</td>
              <td>{a.open}</td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={100}
                  defaultValue={a.maxChats}
                  data-testid={`max-chats-${a.email}`}
                  className={`${inputClass} !mt-0 w-20`}
                  onBlur={(e) => Number(e.target.value) !== a.maxChats && save("PUT", "/api/admin/inbox/agents", { userId: a.userId, maxChats: Number(e.target.value) }, `Saved: ${a.name} takes up to ${e.target.value}.`)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && <p className="mt-2 text-sm text-slate-700" role="status" data-testid="routing-message">{message}</p>}
    </section>
  );
}
