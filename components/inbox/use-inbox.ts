"use client";

import type { ShownError } from "@/components/use-error-text";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { AgentEventPayloads, AgentRequest, AgentRequestPayloads, Emits, Requests } from "@/widget/socket-events";
import { notifyWaiting } from "./notify";
import type {
  AckResult,
  Canned,
  ConversationDetail,
  ConversationSummary,
  Counts,
  InboxRequest,
  PastConversation,
  TeamMember,
  View,
  VisitorDetails,
  WireMessage,
} from "./types";

/** Merges a message into a list by id, keeping seq order. */
export function mergeMessage(list: WireMessage[], m: WireMessage): WireMessage[] {
  if (list.some((x) => x.id === m.id)) return list;
  return [...list, m].sort((a, b) => a.seq - b.seq);
}

export type Filters = { view: View; q: string; label: string; rating: "" | "rated" | "low" };
type Open = {
  conversation: ConversationDetail;
  visitor: VisitorDetails;
  past: PastConversation[];
  messages: WireMessage[];
};
const PRESENCE_KEY = "kefu.presence";
// typed by the shared protocol: what the server sends, and each request's payload
type AgentClient = Socket<Emits<AgentEventPayloads>, Requests<AgentRequestPayloads, "metrics:subscribe">>;

/**
 * The inbox's live state over the /agent socket. The server filters the list (view, search, label) and counts
 * unread messages; live events update the open conversation at once and refresh the list shortly after.
 */
export function useInbox(me: { id: string; name: string }) {
  const t = useTranslations("inbox");
  const socketRef = useRef<AgentClient | null>(null);
  const [connected, setConnected] = useState(false);
  const [filters, setFilters] = useState<Filters>({ view: "open", q: "", label: "", rating: "" });
  const filtersRef = useRef(filters);
  const [conversations, setConversations] = useState<ConversationSummary[]>([]);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const selectedRef = useRef<string | null>(null);
  const [detail, setDetail] = useState<Omit<Open, "messages"> | null>(null);
  const [messages, setMessages] = useState<WireMessage[]>([]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [visitorTyping, setVisitorTyping] = useState(false);
  const [canned, setCanned] = useState<Canned[]>([]);
  const [team, setTeam] = useState<TeamMember[]>([]);
  const [labels, setLabels] = useState<string[]>([]);
  const [presence, setPresenceState] = useState<"online" | "away">("online");
  const [error, setError] = useState<ShownError | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const emit = useCallback(
    <E extends AgentRequest, T = Record<string, unknown>>(event: E, payload: AgentRequestPayloads[E]) => {
      const socket = socketRef.current;
      if (!socket)
        return Promise.resolve({ ok: false, error: { code: "offline", message: "Not connected" } } as AckResult &
          Partial<T>);
      // socket.io's types cannot follow a request name that is itself a type parameter: the signature above checks it
      const acked = socket.timeout(10_000) as unknown as {
        emit(e: E, p: unknown, ack: (err: Error | null, res: AckResult & Partial<T>) => void): void;
      };
      return new Promise<AckResult & Partial<T>>((resolve) =>
        acked.emit(event, payload, (err, res) =>
          resolve(
            err
              ? ({ ok: false, error: { code: "timeout", message: "The server did not answer" } } as AckResult &
                  Partial<T>)
              : res,
          ),
        ),
      );
    },
    [],
  );

  const refresh = useCallback(async () => {
    const f = filtersRef.current;
    const [list, c, l] = await Promise.all([
      emit<"conversations:list", { conversations: ConversationSummary[] }>("conversations:list", {
        view: f.view,
        ...(f.q ? { q: f.q } : {}),
        ...(f.label ? { label: f.label } : {}),
        ...(f.rating ? { rating: f.rating } : {}),
      }),
      emit<"inbox:counts", { counts: Counts }>("inbox:counts", {}),
      emit<"labels:list", { labels: string[] }>("labels:list", {}),
    ]);
    if (list.ok && list.conversations) setConversations(list.conversations);
    else if (!list.ok) setError(list.error);
    if (c.ok && c.counts) setCounts(c.counts);
    if (l.ok && l.labels) setLabels(l.labels);
  }, [emit]);

  const scheduleRefresh = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => void refresh(), 300);
  }, [refresh]);

  const loadTeam = useCallback(async () => {
    const res = await emit<"team", { agents: TeamMember[] }>("team", {});
    if (res.ok && res.agents) setTeam(res.agents);
  }, [emit]);

  const loadOpen = useCallback(
    async (conversationId: string) => {
      const res = await emit<"conversation:open", Open>("conversation:open", { conversationId });
      if (!res.ok) return setError(res.error);
      if (selectedRef.current !== conversationId || !res.conversation) return;
      setDetail({ conversation: res.conversation, visitor: res.visitor!, past: res.past ?? [] });
      // live messages may have arrived while the history was loading: merge, never replace
      setMessages((live) => (res.messages ?? []).reduce(mergeMessage, live));
    },
    [emit],
  );

  const patchDetail = useCallback((id: string, patch: Partial<ConversationDetail>) => {
    setDetail((d) => (d && d.conversation.id === id ? { ...d, conversation: { ...d.conversation, ...patch } } : d));
  }, []);

  useEffect(() => {
    const socket: AgentClient = io("/agent", { transports: ["websocket"] });
    socketRef.current = socket;
    socket.on("connect", () => {
      setConnected(true);
      setError(null);
      const wanted = (localStorage.getItem(PRESENCE_KEY) as "online" | "away" | null) ?? "online";
      socket.emit("presence:set", { status: wanted }, () => void loadTeam());
      void refresh();
      void emit<"canned:list", { canned: Canned[] }>("canned:list", {}).then(
        (r) => r.ok && r.canned && setCanned(r.canned),
      );
      if (selectedRef.current) void loadOpen(selectedRef.current);
    });
    socket.on("disconnect", (reason) => {
      setConnected(false);
      // only the server ending this agent's session does this (deactivated, password reset): reloading takes the
      // page to the sign-in form instead of leaving an inbox that can no longer act
      if (reason === "io server disconnect") window.location.reload();
    });
    socket.on("connect_error", (err: Error & { data?: { code?: string; message?: string } }) =>
      setError({ code: err.data?.code, message: err.data?.message ?? err.message }),
    );
    socket.on("conversation", scheduleRefresh);
    socket.on("labels", (p) => {
      patchDetail(p.conversationId, { labels: p.labels });
      scheduleRefresh();
    });
    socket.on("read", scheduleRefresh);
    socket.on("presence", () => void loadTeam());
    socket.on("summary", (p) => patchDetail(p.conversationId, { summary: p.summary }));
    socket.on("conversation:rated", (p) => {
      patchDetail(p.conversationId, { rating: p.rating, ratingComment: p.comment, ratedAt: new Date().toISOString() });
      scheduleRefresh();
    });
    socket.on("visitor:typing", (p) => {
      if (p.conversationId === selectedRef.current) setVisitorTyping(!!p.on);
    });
    socket.on("message", (m) => {
      setDrafts((d) => {
        if (!(m.id in d)) return d;
        const { [m.id]: _done, ...rest } = d;
        return rest;
      });
      if (m.conversationId === selectedRef.current) {
        setMessages((list) => mergeMessage(list, m));
        if (m.role === "visitor") {
          setVisitorTyping(false);
          // the agent is looking at it: read
          if (document.visibilityState === "visible")
            socket.emit("read", { conversationId: m.conversationId, seq: m.seq }, () => {});
        }
      }
      scheduleRefresh();
    });
    socket.on("bot:delta", (p) => {
      if (p.conversationId !== selectedRef.current) return;
      setDrafts((d) => ({ ...d, [p.messageId]: (d[p.messageId] ?? "") + p.delta }));
    });
    socket.on("status", (p) => {
      patchDetail(p.conversationId, {
        status: p.status,
        assigneeId: p.assigneeId ?? null,
        ...(p.handoffReason ? { handoffReason: p.handoffReason } : {}),
        ...(p.summary ? { summary: p.summary } : {}),
      });
      if (p.status !== "bot" && p.conversationId === selectedRef.current) setDrafts({});
      if (p.status === "waiting" && p.handoffReason) {
        notifyWaiting(t("notify.waiting"), p.summary ?? t("notify.waitingBody"), () => open(p.conversationId));
      } else if (p.assigneeId === me.id && p.status === "waiting") {
        notifyWaiting(t("notify.assigned"), p.summary ?? "", () => open(p.conversationId));
      }
      scheduleRefresh();
      void loadTeam();
    });
    return () => {
      clearTimeout(refreshTimer.current);
      socket.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const open = useCallback(
    (conversationId: string) => {
      selectedRef.current = conversationId;
      setSelected(conversationId);
      setMessages([]);
      setDrafts({});
      setDetail(null);
      setVisitorTyping(false);
      void loadOpen(conversationId).then(scheduleRefresh);
    },
    [loadOpen, scheduleRefresh],
  );

  const changeFilters = useCallback(
    (patch: Partial<Filters>) => {
      const next = { ...filtersRef.current, ...patch };
      filtersRef.current = next;
      setFilters(next);
      void refresh();
    },
    [refresh],
  );

  const setPresence = useCallback(
    async (status: "online" | "away") => {
      localStorage.setItem(PRESENCE_KEY, status);
      setPresenceState(status);
      await emit("presence:set", { status });
    },
    [emit],
  );

  useEffect(() => {
    const saved = localStorage.getItem(PRESENCE_KEY);
    if (saved === "away") setPresenceState("away");
  }, []);

  /** A request whose failure is shown to the agent. */
  const request: InboxRequest = useCallback(
    async <E extends AgentRequest>(event: E, payload: AgentRequestPayloads[E]) => {
      const res = await emit(event, payload);
      setError(res.ok ? null : res.error);
      return res;
    },
    [emit],
  );

  return {
    connected,
    filters,
    changeFilters,
    conversations,
    counts,
    selected,
    detail,
    messages,
    drafts,
    visitorTyping,
    canned,
    team,
    labels,
    presence,
    setPresence,
    error,
    open,
    request,
  };
}
