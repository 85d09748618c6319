"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import type { EmailReply, InboxRequest, LeftMessage } from "./types";

/**
 * A left message and the email answers recorded to it. Kefu sends no email (no mail server is required), so the
 * agent records the reply here and sends it from their own mailbox: the address can be copied or opened as mailto.
 */
export function LeftMessagePanel({
  conversationId,
  left,
  replies,
  request,
}: {
  conversationId: string;
  left: LeftMessage;
  replies: EmailReply[];
  request: InboxRequest;
}) {
  const t = useTranslations("teamInbox.left");
  const format = useFormatter();
  const [text, setText] = useState("");
  const [copied, setCopied] = useState(false);
  const [recorded, setRecorded] = useState<EmailReply[]>([]);
  const all = [...replies, ...recorded.filter((r) => !replies.some((x) => x.id === r.id))];
  const mailto = (body: string) =>
    `mailto:${encodeURIComponent(left.email)}?subject=${encodeURIComponent(t("subject"))}&body=${encodeURIComponent(body)}`;

  return (
    <div className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm" data-testid="left-message">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-xs font-medium text-sky-900">{t("title")}</span>
        <span className="text-xs text-slate-500">
          {t("at", { at: format.dateTime(new Date(left.at), { dateStyle: "medium", timeStyle: "short" }) })}
        </span>
      </div>
      <p className="mt-1 whitespace-pre-wrap text-slate-900" data-testid="left-message-text">
        {left.text}
      </p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-600">
        <dt>{t("contact")}</dt>
        <dd data-testid="left-message-contact">{[left.name, left.email, left.phone].filter(Boolean).join(" · ")}</dd>
        {left.page && (
          <>
            <dt>{t("page")}</dt>
            <dd data-testid="left-message-page" className="break-all">
              {left.page}
            </dd>
          </>
        )}
      </dl>
      <h3 className="mt-2 text-xs font-semibold text-slate-700">{t("replies")}</h3>
      {all.length === 0 && <p className="text-xs text-slate-500">{t("noReplies")}</p>}
      <ul className="space-y-1">
        {all.map((r) => (
          <li key={r.id} data-testid="email-reply" className="rounded border border-slate-200 bg-white px-2 py-1">
            <div className="text-[11px] text-slate-500">
              → {r.toEmail} · {format.dateTime(new Date(r.createdAt), { dateStyle: "short", timeStyle: "short" })} ·{" "}
              <span data-testid="email-reply-state">{r.sentAt ? t("sent") : t("recorded")}</span>{" "}
              {!r.sentAt && (
                <a className="text-indigo-700 underline" href={mailto(r.text)}>
                  {t("openMail")}
                </a>
              )}
            </div>
            <div className="whitespace-pre-wrap">{r.text}</div>
          </li>
        ))}
      </ul>
      <form
        className="mt-2 flex flex-col gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          void request("email_reply", { conversationId, text }).then((res) => {
            if (!res.ok) return;
            setRecorded((list) => [...list, res.reply as EmailReply]);
            setText("");
          });
        }}
      >
        <textarea
          data-testid="email-reply-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("replyPlaceholder")}
          rows={2}
          className="rounded border border-slate-300 px-2 py-1"
        />
        <div className="flex flex-wrap items-center gap-2">
          <button
            data-testid="email-reply-record"
            type="submit"
            className="rounded-md bg-sky-700 px-3 py-1 text-xs text-white"
          >
            {t("record")}
          </button>
          <button
            type="button"
            data-testid="email-reply-copy"
            className="rounded-md border border-slate-300 px-2 py-1 text-xs"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(left.email)
                .then(() => setCopied(true))
                .catch(() => {
                  /* a browser that refuses the clipboard leaves the address shown, to copy by hand */
                })
            }
          >
            {copied ? t("copied") : t("copy")}
          </button>
          <span className="text-[11px] text-slate-500" data-testid="email-reply-manual">
            {t("manual")}
          </span>
        </div>
      </form>
    </div>
  );
}
