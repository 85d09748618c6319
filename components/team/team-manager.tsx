"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AddMemberForm } from "./add-member-form";
import { call, useErrorText } from "./call";
import { MemberRow, type RowAction } from "./member-row";
import { OneTimeSecret } from "./one-time-secret";
import { secretOf, type MemberView, type Role, type Secret, type SecretAnswer } from "./types";

/** The Team page: members, adding one, and each row's actions; secrets are shown once, messages in the reader's language. */
export function TeamManager({ members, me }: { members: MemberView[]; me: { id: string; role: Role } }) {
  const t = useTranslations("team");
  const errorText = useErrorText();
  const router = useRouter();
  const [secret, setSecret] = useState<Secret | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  // only owners make or manage owners
  const roles: Role[] = me.role === "owner" ? ["owner", "admin", "agent"] : ["admin", "agent"];
  const done = (text: string) => (setMessage({ text, error: false }), router.refresh());

  async function act(m: MemberView, a: RowAction) {
    setMessage(null);
    if (a.kind === "reset") {
      const res = await call<SecretAnswer>("POST", `/api/admin/team/${m.id}/password`, { access: a.access });
      if (!res.ok) return setMessage({ text: errorText(res), error: true });
      setSecret(secretOf(res.data));
      return done(t("saved.reset", { name: m.name }));
    }
    const body =
      a.kind === "role" ? { role: a.role } : a.kind === "maxChats" ? { maxChats: a.maxChats } : { active: a.active };
    const res = await call("PATCH", `/api/admin/team/${m.id}`, body);
    if (!res.ok) {
      setMessage({ text: errorText(res), error: true });
      return router.refresh(); // puts a refused choice back as it was
    }
    if (a.kind === "role") done(t("saved.role", { name: m.name, role: t(`roles.${a.role}`) }));
    else if (a.kind === "maxChats") done(t("saved.maxChats", { name: m.name, count: a.maxChats }));
    else done(t(a.active ? "saved.reactivated" : "saved.deactivated", { name: m.name }));
  }

  return (
    <div className="space-y-4">
      <AddMemberForm roles={roles} onAdded={(s, name) => (setSecret(s), done(t("add.added", { name })))} />
      {secret && (
        <OneTimeSecret
          kind={secret.kind}
          value={secret.value}
          expiresAt={secret.expiresAt}
          title={t(secret.kind === "link" ? "secret.linkTitle" : "secret.passwordTitle", { email: secret.email })}
          onDone={() => setSecret(null)}
        />
      )}
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={`text-sm ${message.error ? "text-red-600" : "text-slate-700"}`}
          data-testid={message.error ? "team-error" : "team-message"}
        >
          {message.text}
        </p>
      )}
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr>
            {(["member", "role", "status", "lastSeen", "maxChats", "actions"] as const).map((c) => (
              <th key={c} className="px-1 py-2">
                {t(`columns.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <MemberRow
              key={`${m.id}:${m.role}:${m.status}:${m.maxChats}`}
              m={m}
              isMe={m.id === me.id}
              canManage={me.role === "owner" || m.role !== "owner"}
              roles={roles}
              onAction={(a) => void act(m, a)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
