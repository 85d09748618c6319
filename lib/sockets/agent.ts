import { callerFromCookieHeader, hasRole, type UserCaller as Agent } from "../auth/resolve";
import { agentReply, closeConversation, handBackToBot, takeOver } from "../answering/actions";
import { countOpenConversations } from "../conversations";
import { engine } from "../llm";
import { touchLastSeen } from "../tenants/team";
import { liveSnapshot, metrics } from "../metrics";
import { afterCapacityFreed, registerInboxHandlers } from "./agent-inbox";
import { connectError, handle, refuseUnsafeText } from "./ack";
import type { AgentNamespace, AgentSocket } from "./typed";
import { rooms } from "../realtime/rooms";
import { crossOriginRefusal } from "../server/origin-check";
import { agentReplySchema, conversationRefSchema } from "./schemas";
import { auditSocket } from "./audit";
import { log } from "../log";

/** /agent: the inbox and monitoring page. The session cookie names the agent; the server puts them in their tenant's room. */
export function registerAgentNamespace(nsp: AgentNamespace) {
  nsp.use(async (socket, next) => {
    try {
      // the session cookie rides along on a WebSocket opened by any page of the same site: check who opened it
      const refusal = crossOriginRefusal(socket.handshake.headers);
      if (refusal) return next(connectError("cross_origin", `Refused: ${refusal}`));
      const agent = await callerFromCookieHeader(socket.handshake.headers.cookie);
      if (!agent) return next(connectError("unauthorized", "Sign in first"));
      socket.data = { agent };
      next();
    } catch (err) {
      log.error("agent handshake failed", { err });
      next(connectError("internal", "The server could not check your session"));
    }
  });

  nsp.on("connection", (socket: AgentSocket) => {
    const { agent } = socket.data as { agent: Agent };
    socket.use(refuseUnsafeText);
    const me = { userId: agent.userId, name: agent.name };
    socket.join(rooms.agents(agent.tenantId));
    socket.join(rooms.member(agent.tenantId, agent.userId));
    touchLastSeen(agent.tenantId, agent.userId);
    metrics().connections.inc({ namespace: "agent" });

    // a member deactivated from another process (the CLI) cannot reach this socket to close it: the session is
    // checked again before an event when the last check is older than 10 s
    let checkedAt = Date.now();
    socket.use((_packet, next) => {
      if (Date.now() - checkedAt < 10_000) return next();
      checkedAt = Date.now();
      // a refused packet is dropped by disconnecting, not by next(err): that emits "error" on the socket, which
      // nothing listens to
      callerFromCookieHeader(socket.handshake.headers.cookie).then(
        (still) => (still ? next() : socket.disconnect(true)),
        () => next(),
      );
    });
    registerInboxHandlers(socket, agent);
    socket.on("takeover", (payload, ack) =>
      handle(ack, "takeover", async () => {
        const { conversationId } = conversationRefSchema.parse(payload);
        const c = await takeOver(agent.tenantId, me, conversationId);
        await auditSocket(socket, agent, "takeover", conversationId, { status: c.status });
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
        const { status } = await closeConversation(agent.tenantId, conversationId);
        afterCapacityFreed(agent.tenantId);
        await auditSocket(socket, agent, "close", conversationId, { status });
        return { status };
      }),
    );
    socket.on("release", (payload, ack) =>
      handle(ack, "hand back to bot", async () => {
        const { conversationId } = conversationRefSchema.parse(payload);
        const { status } = await handBackToBot(agent.tenantId, conversationId);
        afterCapacityFreed(agent.tenantId);
        await auditSocket(socket, agent, "release", conversationId, { status });
        return { status };
      }),
    );

    // the monitoring page: this tenant's live figures every 2 s while subscribed
    let timer: NodeJS.Timeout | undefined;
    const push = async () => {
      const e = engine();
      socket.emit(
        "metrics",
        liveSnapshot(agent.tenantId, await countOpenConversations(agent.tenantId), {
          id: e.modelId ?? null,
          status: e.status,
          threads: e.threads,
        }),
      );
    };
    socket.on("metrics:subscribe", () => {
      // the monitoring page is for admins; agents get no figures
      if (timer || !hasRole(agent.role, "admin")) return;
      // a snapshot that fails (database busy or down) only skips one refresh of the page: the next tick tries again
      void push().catch(() => {});
      timer = setInterval(() => void push().catch(() => {}), 2000); // likewise
    });
    socket.on("disconnect", () => {
      if (timer) clearInterval(timer);
      metrics().connections.dec({ namespace: "agent" });
    });
  });
}
