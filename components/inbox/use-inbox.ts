"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { AckResult, ConversationSummary, WireMessage } from "./types";

/** Merges a message into a list by id, keeping seq order. */
export function mergeMessage(list: WireMessage[], m: WireMessage): WireMessage[] {
  if (list.some((x) => x.id === m.id)) return list;
  return [...list, m].sort((a, b) => a.seq - b.seq);
}

/** The inbox's live state over the /agent socket: conversations, the open one's messages, streaming bot drafts. */
export function useInbox() {
  const socketRef = useRef<Socket | null>(null);
  const [connected, setConnected] = useState(false);
  const [conversations, setConversations] = useState<ConversationSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const selectedRef = useRef<string | null>(null);
  const [messages, setMessages] = useState<WireMessage[]>([]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState("");

  const upsert = useCallback((c: Partial<ConversationSummary> & { id: string }) => {
    setConversations((list) => {
      const existing = list.find((x) => x.id === c.id);
      const next = existing ? { ...existing, ...c } : ({ status: "bot", ...c } as ConversationSummary);
      return [next, ...list.filter((x) => x.id !== c.id)];
    });
  }, []);

  useEffect(() => {
    const socket = io("/agent", { transports: ["websocket"] });
    socketRef.current = socket;
    const load = () =>
      socket.emit("conversations:list", {}, (res: AckResult & { conversations?: ConversationSummary[] }) => {
        if (res.ok && res.conversations) setConversations(res.conversations);
      });
    socket.on("connect", () => {
      setConnected(true);
      setError("");
      load();
      const open = selectedRef.current;
      if (open) socket.emit("conversation:open", { conversationId: open }, (res: AckResult & { messages?: WireMessage[] }) => res.ok && setMessages((live) => (res.messages ?? []).reduce(mergeMessage, live)));
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("connect_error", (err: Error & { data?: { message?: string } }) => setError(err.data?.message ?? err.message));
    socket.on("conversation", (c: ConversationSummary) => upsert(c));
    socket.on("message", (m: WireMessage) => {
      upsert({ id: m.conversationId, lastMessage: m });
      setDrafts((d) => {
        if (!(m.id in d)) return d;
        const { [m.id]: _done, ...rest } = d;
        return rest;
      });
      if (m.conversationId === selectedRef.current) setMessages((list) => mergeMessage(list, m));
    });
    socket.on("bot:delta", (p: { conversationId: string; messageId: string; delta: string }) => {
      if (p.conversationId !== selectedRef.current) return;
      setDrafts((d) => ({ ...d, [p.messageId]: (d[p.messageId] ?? "") + p.delta }));
    });
    socket.on("status", (p: { conversationId: string; status: ConversationSummary["status"]; assigneeId?: string | null }) => {
      upsert({ id: p.conversationId, status: p.status, assigneeId: p.assigneeId });
      if (p.status !== "bot") setDrafts({});
    });
    return () => {
      socket.close();
    };
  }, [upsert]);

  const open = useCallback((conversationId: string) => {
    selectedRef.current = conversationId;
    setSelected(conversationId);
    setMessages([]);
    setDrafts({});
    socketRef.current?.emit("conversation:open", { conversationId }, (res: AckResult & { messages?: WireMessage[] }) => {
      if (!res.ok) return setError(res.error.message);
      // live messages may have arrived while the history was loading: merge, never replace
      if (selectedRef.current === conversationId) setMessages((live) => (res.messages ?? []).reduce(mergeMessage, live));
    });
  }, []);

  const request = useCallback(
    (event: string, payload: object) =>
      new Promise<AckResult>((resolve) => {
        const socket = socketRef.current;
        if (!socket) return resolve({ ok: false, error: { code: "offline", message: "Not connected" } });
        socket.timeout(10_000).emit(event, payload, (err: Error | null, res: AckResult) => {
          const result = err ? { ok: false as const, error: { code: "timeout", message: "The server did not answer" } } : res;
          if (!result.ok) setError(result.error.message);
          else setError("");
          resolve(result);
        });
      }),
    [],
  );

  return { connected, conversations, selected, messages, drafts, error, open, request };
}
