export type WireMessage = {
  id: string;
  seq: number;
  conversationId: string;
  role: "visitor" | "bot" | "agent" | "system";
  text: string;
  clientId?: string;
  createdAt: string;
  citations?: { id: string; title: string; score: number }[];
};

export type ConversationSummary = {
  id: string;
  status: "bot" | "waiting" | "agent" | "closed";
  botName?: string;
  assigneeId?: string | null;
  updatedAt?: string;
  createdAt?: string;
  lastMessage?: WireMessage | null;
};

export type AckResult = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };
