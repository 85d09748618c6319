import type { Namespace, Socket } from "socket.io";
import { callerFromCookieHeader, hasRole, type UserCaller as Agent } from "../auth/resolve";
import { agentReply, closeConversation, handBackToBot, takeOver } from "../conversations/actions";
import { countOpenConversations, getConversation, listConversations, messagesAfter } from "../conversations";
import { engine } from "../llm";
import { liveSnapshot, metrics } from "../metrics";
import { wireMessage } from "./emit";
import { connectError, handle } from "./ack";
import { rooms } from "./rooms";
import { agentReplySchema, conversationRefSchema, openConversationSchema } from "./schemas";


/** /agent: the inbox and monitoring page. The session cookie names the agent; the server puts them in their tenant's room. */
export function registerAgentNamespace(nsp: Namespace) {
  nsp.use(async (socket, next) => {
    try {
      const agent = await callerFromCookieHeader(socket.handshake.headers.cookie);
      if (!agent) return next(connectError("unauthorized", "Sign in first"));
      socket.data = { agent };
      next();
    } catch (err) {
      console.error("[kefu] agent handshake:", err);
      next(connectError("internal", "The server could not check your session"));
    }
  });

  nsp.on("connection", (socket: Socket) => {
    const { agent } = socket.data as { agent: Agent };
    const me = { userId: agent.userId, name: agent.name };
    socket.join(rooms.agents(agent.tenantId));
    metrics().connections.inc({ namespace: "agent" });

    socket.on("conversations:list", (_payload, ack) =>
      handle(ack, "list conversations", async () => ({
        conversations: (await listConversations(agent.tenantId)).map((c) => ({
          ...c,
          lastMessage: c.lastMessage ? wireMessage(c.lastMessage) : null,
        })),
      })),
    );
    socket.on("conversation:open", (payload, ack) =>
      handle(ack, "open conversation", async () => {
        const { conversationId, afterSeq } = openConversationSchema.parse(payload);
        const conversation = await getConversation(agent.tenantId, conversationId);
        const messages = await messagesAfter(agent.tenantId, conversationId, afterSeq ?? 0);
        return { conversation, messages: messages.map(wireMessage) };
      }),
    );
    socket.on("takeover", (payload, ack) =>
      handle(ack, "takeover", async () => {
        const { conversationId } = conversationRefSchema.parse(payload);
        const c = await takeOver(agent.tenantId, me, conversationId);
        return { status: c.status };
      }),
    );
    socket.on("reply", (payload, ack) =>
      handle(ack, "agent reply", async () => {
        const m = await agentReply(agent.tenantId, me, agentReplySchema.parse(payload));
        return { id: m.id, seq: m.seq };
      }),
    );
    socket.on("close", (payload, ack) =>
      handle(ack, "close conversation", async () => {
        const { conversationId } = conversationRefSchema.parse(payload);
        return { status: (await closeConversation(agent.tenantId, conversationId)).status };
      }),
    );
    socket.on("release", (payload, ack) =>
      handle(ack, "hand back to bot", async () => {
        const { conversationId } = conversationRefSchema.parse(payload);
        return { status: (await handBackToBot(agent.tenantId, conversationId)).status };
      }),
    );

    // the monitoring page: this tenant's live figures every 2 s while subscribed
    let timer: NodeJS.Timeout | undefined;
    const push = async () => {
      const e = engine();
      socket.emit("metrics", liveSnapshot(agent.tenantId, await countOpenConversations(agent.tenantId), {
        id: e.modelId ?? null,
        status: e.status,
        threads: e.threads,
      }));
    };
    socket.on("metrics:subscribe", () => {
      // the monitoring page is for admins; agents get no figures
      if (timer || !hasRole(agent.role, "admin")) return;
      void push().catch(() => {});
      timer = setInterval(() => void push().catch(() => {}), 2000);
    });
    socket.on("disconnect", () => {
      if (timer) clearInterval(timer);
      metrics().connections.dec({ namespace: "agent" });
    });
  });
}
