"use client";

import { useState } from "react";
import { useInbox } from "./use-inbox";
import type { ConversationSummary, WireMessage } from "./types";

const STATUS_LABEL: Record<ConversationSummary["status"], string> = {
  bot: "Bot answering",
  waiting: "Waiting for an agent",
  agent: "With an agent",
  closed: "Closed",
};

const STATUS_STYLE: Record<ConversationSummary["status"], string> = {
  bot: "bg-sky-100 text-sky-800",
  waiting: "bg-amber-100 text-amber-800",
  agent: "bg-emerald-100 text-emerald-800",
  closed: "bg-slate-200 text-slate-600",
};

function MessageBubble({ m, streaming }: { m: Pick<WireMessage, "role" | "text" | "citations"> & { id: string }; streaming?: boolean }) {
  if (m.role === "system") return <div className="my-2 text-center text-xs text-slate-500" data-testid="inbox-message" data-role="system">{m.text}</div>;
  const mine = m.role === "agent" || m.role === "bot";
  return (
    <div className={`my-2 flex ${mine ? "justify-end" : "justify-start"}`}>
      <div
        data-testid="inbox-message"
        data-role={m.role}
        data-streaming={streaming ? "true" : undefined}
        className={`max-w-[75%] whitespace-pre-wrap rounded-lg px-3 py-2 text-sm ${m.role === "agent" ? "bg-emerald-600 text-white" : m.role === "bot" ? "bg-indigo-50 text-slate-900" : "bg-white text-slate-900 shadow-sm"}`}
      >
        <div className="mb-0.5 text-[10px] uppercase tracking-wide opacity-60">{m.role}</div>
        {m.text}
        {m.citations && m.citations.length > 0 && <div className="mt-1 text-[11px] opacity-70">Sources: {m.citations.map((c) => c.title).join(" · ")}</div>}
      </div>
    </div>
  );
}

export function Inbox({ me }: { me: { id: string; name: string } }) {
  const { connected, conversations, selected, messages, drafts, error, open, request } = useInbox();
  const [text, setText] = useState("");
  const current = conversations.find((c) => c.id === selected);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    if (!selected || !text.trim()) return;
    const res = await request("reply", { conversationId: selected, clientId: crypto.randomUUID(), text });
    if (res.ok) setText("");
  }

  return (
    <div className="flex h-[calc(100vh-3rem)] gap-4">
      <section className="flex w-80 shrink-0 flex-col rounded-lg border border-slate-200 bg-white">
        <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h1 className="font-semibold">Inbox</h1>
          <span data-testid="inbox-connection" className={`text-xs ${connected ? "text-emerald-600" : "text-slate-400"}`}>{connected ? "● live" : "○ offline"}</span>
        </header>
        <ul className="flex-1 overflow-y-auto" data-testid="inbox-conversations">
          {conversations.length === 0 && <li className="p-4 text-sm text-slate-500">No conversations yet.</li>}
          {conversations.map((c) => (
            <li key={c.id}>
              <button
                onClick={() => open(c.id)}
                data-testid="inbox-conversation"
                data-id={c.id}
                data-status={c.status}
                className={`w-full border-b border-slate-100 px-4 py-3 text-left hover:bg-slate-50 ${c.id === selected ? "bg-indigo-50" : ""}`}
              >
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate text-sm font-medium">{c.botName ?? "Visitor"}</span>
                  <span className={`shrink-0 rounded px-1.5 py-0.5 text-[10px] ${STATUS_STYLE[c.status]}`}>{STATUS_LABEL[c.status]}</span>
                </div>
                <div className="mt-1 truncate text-xs text-slate-500">{c.lastMessage?.text ?? "…"}</div>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="flex min-w-0 flex-1 flex-col rounded-lg border border-slate-200 bg-white">
        {!current ? (
          <div className="m-auto text-sm text-slate-500">Pick a conversation.</div>
        ) : (
          <>
            <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
              <span data-testid="inbox-status" data-status={current.status} className={`rounded px-2 py-1 text-xs ${STATUS_STYLE[current.status]}`}>
                {STATUS_LABEL[current.status]}
                {current.status === "agent" && current.assigneeId === me.id ? " (you)" : ""}
              </span>
              <div className="flex gap-2">
                {current.status !== "closed" && current.status !== "agent" && (
                  <button data-testid="inbox-takeover" onClick={() => request("takeover", { conversationId: current.id })} className="rounded-md bg-emerald-600 px-3 py-1.5 text-sm text-white hover:bg-emerald-700">Take over</button>
                )}
                {current.status === "agent" && (
                  <button data-testid="inbox-release" onClick={() => request("release", { conversationId: current.id })} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">Hand back to bot</button>
                )}
                {current.status !== "closed" && (
                  <button data-testid="inbox-close" onClick={() => request("close", { conversationId: current.id })} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">Close</button>
                )}
              </div>
            </header>
            <div className="flex-1 overflow-y-auto bg-slate-50 px-4 py-2" data-testid="inbox-messages">
              {messages.map((m) => <MessageBubble key={m.id} m={m} />)}
              {Object.entries(drafts).map(([id, t]) => (
                <MessageBubble key={id} m={{ id, role: "bot", text: t + " ▍" }} streaming />
              ))}
            </div>
            {error && <p role="alert" data-testid="inbox-error" className="px-4 py-1 text-sm text-red-600">{error}</p>}
            {current.status !== "closed" && (
              <form onSubmit={send} className="flex gap-2 border-t border-slate-200 p-3">
                <input
                  data-testid="inbox-reply-input"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={current.status === "agent" ? "Reply to the visitor…" : "Replying takes the conversation over from the bot"}
                  className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
                />
                <button data-testid="inbox-reply-send" type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">Send</button>
              </form>
            )}
          </>
        )}
      </section>
    </div>
  );
}
