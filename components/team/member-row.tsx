"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { inputClass, smallButtonClass } from "./call";
import type { MemberView, Role } from "./types";

export type RowAction =
  | { kind: "role"; role: Role }
  | { kind: "maxChats"; maxChats: number }
  | { kind: "active"; active: boolean }
  | { kind: "reset"; access: "link" | "password" };

const STATUS_CLASS = {
  active: "bg-emerald-100 text-emerald-800",
  pending: "bg-amber-100 text-amber-800",
  deactivated: "bg-slate-200 text-slate-600",
};

/** One member: role, limit and actions where the viewer may manage them (an admin cannot manage owners). */
export function MemberRow({
  m,
  isMe,
  canManage,
  roles,
  onAction,
}: {
  m: MemberView;
  isMe: boolean;
  canManage: boolean;
  roles: Role[];
  onAction: (a: RowAction) => void;
}) {
  const t = useTranslations("team");
  const format = useFormatter();
  const [confirming, setConfirming] = useState(false);
  const off = m.status === "deactivated";
  return (
    <tr className="border-t border-slate-100 align-top" data-testid="member-row" data-email={m.email}>
      <td className="py-2">
        <div className="font-medium">
          <span data-i18n-skip>{m.name}</span> {isMe && <span className="text-xs text-slate-500">({t("you")})</span>}
        </div>
        <div className="text-xs text-slate-500">{m.email}</div>
      </td>
      <td>
        {canManage ? (
          <select
            value={m.role}
            onChange={(e) => onAction({ kind: "role", role: e.target.value as Role })}
            className={`${inputClass} !mt-0 w-28`}
            data-testid="member-role"
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        ) : (
          <span data-testid="member-role-text">{t(`roles.${m.role}`)}</span>
        )}
      </td>
      <td>
        <span
          className={`rounded px-2 py-0.5 text-xs ${STATUS_CLASS[m.status]}`}
          data-testid="member-status"
          data-status={m.status}
        >
          {t(`status.${m.status}`)}
        </span>
      </td>
      <td className="text-xs text-slate-600">
        {m.lastSeenAt
          ? format.dateTime(new Date(m.lastSeenAt), { dateStyle: "medium", timeStyle: "short" })
          : t("never")}
      </td>
      <td>
        <input
          type="number"
          min={0}
          max={100}
          defaultValue={m.maxChats}
          aria-label={t("columns.maxChats")}
          className={`${inputClass} !mt-0 w-20`}
          data-testid="member-max-chats"
          onBlur={(e) =>
            Number(e.target.value) !== m.maxChats && onAction({ kind: "maxChats", maxChats: Number(e.target.value) })
          }
        />
      </td>
      <td className="space-x-1 space-y-1">
        {canManage && !isMe && !off && !confirming && (
          <button
            type="button"
            className={smallButtonClass}
            onClick={() => setConfirming(true)}
            data-testid="member-deactivate"
          >
            {t("actions.deactivate")}
          </button>
        )}
        {confirming && (
          <span className="block rounded bg-red-50 p-2 text-xs">
            {t("actions.confirmDeactivate", { name: m.name })}{" "}
            <button
              type="button"
              className={`${smallButtonClass} !border-red-300 text-red-700`}
              onClick={() => (setConfirming(false), onAction({ kind: "active", active: false }))}
              data-testid="member-deactivate-confirm"
            >
              {t("actions.confirm")}
            </button>{" "}
            <button type="button" className={smallButtonClass} onClick={() => setConfirming(false)}>
              {t("actions.cancel")}
            </button>
          </span>
        )}
        {canManage && off && (
          <button
            type="button"
            className={smallButtonClass}
            onClick={() => onAction({ kind: "active", active: true })}
            data-testid="member-reactivate"
          >
            {t("actions.reactivate")}
          </button>
        )}
        {canManage && !off && (
          <>
            <button
              type="button"
              className={smallButtonClass}
              onClick={() => onAction({ kind: "reset", access: "link" })}
              data-testid="member-reset-link"
            >
              {t("actions.resetLink")}
            </button>
            <button
              type="button"
              className={smallButtonClass}
              onClick={() => onAction({ kind: "reset", access: "password" })}
              data-testid="member-reset-password"
            >
              {t("actions.resetPassword")}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
