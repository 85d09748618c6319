"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import type { Canned, InboxRequest, Status } from "./types";

type Props = {
  conversationId: string;
  status: Status;
  canned: Canned[];
  request: InboxRequest;
};

/** The reply box: replies to the visitor or internal notes, "/shortcut" inserts a canned reply, typing is signalled. */
export function ReplyBox({ conversationId, status, canned, request }: Props) {
  const t = useTranslations("inbox");
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [pick, setPick] = useState(0);
  const typing = useRef<{ on: boolean; timer?: ReturnType<typeof setTimeout> }>({ on: false });

  const slash = text.match(/^\/([\p{L}\p{N}_-]*)$/u)?.[1]?.toLowerCase();
  const matches = slash !== undefined ? canned.filter((c) => c.shortcut.startsWith(slash)).slice(0, 8) : [];

  function signalTyping(on: boolean) {
    clearTimeout(typing.current.timer);
    if (on) typing.current.timer = setTimeout(() => signalTyping(false), 3000);
    if (typing.current.on === on) return;
    typing.current.on = on;
    // a lost typing indicator is harmless, and request() already shows the failure to the agent
    void request("typing", { conversationId, on }).catch(() => {});
  }

  function change(value: string) {
    setText(value);
    setPick(0);
    if (mode === "reply") signalTyping(value.trim().length > 0);
  }

  function use(c: Canned) {
    setText(c.text);
    setPick(0);
  }

  async function send(e?: React.FormEvent) {
    e?.preventDefault();
    if (matches.length) return use(matches[Math.min(pick, matches.length - 1)]);
    const body = text.trim();
    if (!body) return;
    const res = await request(mode === "note" ? "note" : "reply", {
      conversationId,
      clientId: crypto.randomUUID(),
      text: body,
    });
    if (res.ok) {
      setText("");
      if (mode === "reply") signalTyping(false);
    }
  }

  return (
    <form onSubmit={send} className={`relative border-t border-slate-200 p-3 ${mode === "note" ? "bg-amber-50" : ""}`}>
      {matches.length > 0 && (
        <ul
          className="absolute bottom-full left-3 right-3 mb-1 max-h-56 overflow-y-auto rounded-md border border-slate-200 bg-white shadow-lg"
          data-testid="canned-suggestions"
        >
          {matches.map((c, i) => (
            <li key={c.id}>
              <button
                type="button"
                data-testid="canned-suggestion"
                data-shortcut={c.shortcut}
                onClick={() => use(c)}
                className={`block w-full px-3 py-2 text-left text-sm ${i === pick ? "bg-indigo-50" : "hover:bg-slate-50"}`}
              >
                <span className="font-mono text-indigo-700">/{c.shortcut}</span>{" "}
                <span className="text-slate-600" data-i18n-skip>
                  {c.text.slice(0, 80)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="mb-2 flex gap-1 text-xs">
        <button
          type="button"
          data-testid="inbox-mode-reply"
          onClick={() => setMode("reply")}
          className={`rounded px-2 py-1 ${mode === "reply" ? "bg-indigo-600 text-white" : "hover:bg-slate-100"}`}
        >
          {t("reply")}
        </button>
        <button
          type="button"
          data-testid="inbox-mode-note"
          onClick={() => setMode("note")}
          className={`rounded px-2 py-1 ${mode === "note" ? "bg-amber-500 text-white" : "hover:bg-slate-100"}`}
        >
          {t("note")}
        </button>
        <span className="ml-auto self-center text-slate-400">{t("cannedHint")}</span>
      </div>
      <div className="flex gap-2">
        <input
          data-testid="inbox-reply-input"
          value={text}
          onChange={(e) => change(e.target.value)}
          onBlur={() => mode === "reply" && signalTyping(false)}
          onKeyDown={(e) => {
            if (!matches.length) return;
            if (e.key === "ArrowDown") e.preventDefault(), setPick((p) => (p + 1) % matches.length);
            if (e.key === "ArrowUp") e.preventDefault(), setPick((p) => (p - 1 + matches.length) % matches.length);
            if (e.key === "Tab") e.preventDefault(), use(matches[pick] ?? matches[0]);
          }}
          placeholder={
            mode === "note"
              ? t("notePlaceholder")
              : status === "agent"
                ? t("replyPlaceholder")
                : t("takeOverPlaceholder")
          }
          className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <button
          data-testid="inbox-reply-send"
          type="submit"
          className={`rounded-md px-4 py-2 text-sm font-medium text-white ${mode === "note" ? "bg-amber-500 hover:bg-amber-600" : "bg-indigo-600 hover:bg-indigo-700"}`}
        >
          {mode === "note" ? t("addNote") : t("send")}
        </button>
      </div>
    </form>
  );
}
