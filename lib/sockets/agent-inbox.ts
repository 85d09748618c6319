import { z } from "zod";
import type { UserCaller as Agent } from "../auth/resolve";
import { assignConversation, reopenConversation } from "../conversations/assign";
import { listCanned } from "../conversations/canned";
import {
  agentMessagesAfter,
  conversationForAgent,
  inboxCounts,
  listInbox,
  listQuerySchema,
  markRead,
} from "../conversations/inbox";
import { changeLabels, labelsChangeSchema, tenantLabels } from "../conversations/labels";
import { emailReplySchema, recordEmailReply } from "../conversations/left-message";
import { addNote } from "../conversations/notes";
import { routeWaiting, teamLoad } from "../conversations/routing";
import { getConversation, clientIdSchema } from "../conversations";
import { handle } from "./ack";
import { auditSocket } from "./audit";
import type { AgentSocket } from "./typed";
import { publishToAgents, publishToVisitor } from "../realtime";
import { dropPresence, listPresence, setPresence } from "../realtime/presence";
import { accepts, conversationRefSchema, openConversationSchema, seqSchema } from "./schemas";
import type { AgentRequestPayloads as Requests } from "../../widget/socket-events";
import { log } from "../log";

const id = z.string().min(1).max(100);
const readSchema = accepts<Requests["read"]>()(conversationRefSchema.extend({ seq: seqSchema.optional() }));
const assignSchema = accepts<Requests["assign"]>()(conversationRefSchema.extend({ assigneeId: id.nullable() }));
const noteSchema = accepts<Requests["note"]>()(
  conversationRefSchema.extend({ clientId: clientIdSchema, text: z.unknown() }),
);
const typingSchema = accepts<Requests["typing"]>()(conversationRefSchema.extend({ on: z.boolean() }));
const presenceSchema = accepts<Requests["presence:set"]>()(z.object({ status: z.enum(["online", "away"]) }));
// the schemas that live with their domain, checked against the shared types too
accepts<Requests["labels"]>()(labelsChangeSchema);
accepts<Requests["email_reply"]>()(emailReplySchema);
accepts<Requests["conversations:list"]>()(listQuerySchema);

const route = (tenantId: string) =>
  void routeWaiting(tenantId).catch((err) => log.error("routing failed", { tenantId, err }));

/**
 * The inbox's requests on /agent (docs/realtime.md): views, search, details, assignment, notes, labels, presence,
 * typing. Each is validated with zod and runs inside the agent's tenant; another tenant's id answers not_found.
 */
export function registerInboxHandlers(socket: AgentSocket, agent: Agent) {
  const t = agent.tenantId;
  const me = { userId: agent.userId, name: agent.name };

  socket.on("conversations:list", (payload, ack) =>
    handle(ack, "list conversations", async () => ({ conversations: await listInbox(t, me.userId, payload ?? {}) })),
  );
  socket.on("inbox:counts", (_p, ack) =>
    handle(ack, "inbox counts", async () => ({ counts: await inboxCounts(t, me.userId) })),
  );
  socket.on("conversation:open", (payload, ack) =>
    handle(ack, "open conversation", async () => {
      const { conversationId, afterSeq } = openConversationSchema.parse(payload);
      const details = await conversationForAgent(t, conversationId);
      const messages = await agentMessagesAfter(t, conversationId, afterSeq ?? 0);
      // opening a conversation reads it
      const readSeq = await markRead(t, conversationId);
      publishToAgents(t, "read", { conversationId, agentReadSeq: readSeq });
      return { ...details, conversation: { ...details.conversation, agentReadSeq: readSeq }, messages };
    }),
  );
  socket.on("read", (payload, ack) =>
    handle(ack, "mark read", async () => {
      const { conversationId, seq } = readSchema.parse(payload);
      const agentReadSeq = await markRead(t, conversationId, seq);
      publishToAgents(t, "read", { conversationId, agentReadSeq });
      return { agentReadSeq };
    }),
  );
  socket.on("claim", (payload, ack) =>
    handle(ack, "claim", async () => {
      const { conversationId } = conversationRefSchema.parse(payload);
      const { assigneeId } = await assignConversation(t, conversationId, me.userId, me);
      await auditSocket(socket, agent, "claim", conversationId, { assigneeId });
      return { assigneeId };
    }),
  );
  socket.on("assign", (payload, ack) =>
    handle(ack, "assign", async () => {
      const { conversationId, assigneeId } = assignSchema.parse(payload);
      const c = await assignConversation(t, conversationId, assigneeId, me);
      if (!assigneeId) route(t);
      await auditSocket(socket, agent, "assign", conversationId, { assigneeId: c.assigneeId });
      return { assigneeId: c.assigneeId };
    }),
  );
  socket.on("reopen", (payload, ack) =>
    handle(ack, "reopen", async () => {
      const { conversationId } = conversationRefSchema.parse(payload);
      const { status } = await reopenConversation(t, conversationId, me);
      await auditSocket(socket, agent, "reopen", conversationId, { status });
      return { status };
    }),
  );
  socket.on("note", (payload, ack) =>
    handle(ack, "note", async () => {
      const n = await addNote(t, me, noteSchema.parse(payload));
      return { id: n.id, seq: n.seq };
    }),
  );
  // an email answer to a left message: recorded on the conversation, sent by the agent by hand
  socket.on("email_reply", (payload, ack) =>
    handle(ack, "email reply", async () => ({ reply: await recordEmailReply(t, me.userId, payload ?? {}) })),
  );
  socket.on("labels", (payload, ack) =>
    handle(ack, "labels", async () => {
      const input = labelsChangeSchema.parse(payload);
      const labels = await changeLabels(t, input);
      await auditSocket(socket, agent, "labels", input.conversationId, {
        add: input.add ?? [],
        remove: input.remove ?? [],
        labels,
      });
      return { labels };
    }),
  );
  socket.on("labels:list", (_p, ack) => handle(ack, "labels", async () => ({ labels: await tenantLabels(t) })));
  socket.on("canned:list", (_p, ack) => handle(ack, "canned replies", async () => ({ canned: await listCanned(t) })));
  socket.on("team", (_p, ack) =>
    handle(ack, "team", async () => {
      const [team, presence] = await Promise.all([teamLoad(t), listPresence(t)]);
      const of = new Map(presence.map((p) => [p.userId, p.status]));
      return { agents: team.map((a) => ({ ...a, presence: of.get(a.userId) ?? "offline" })) };
    }),
  );
  socket.on("presence:list", (_p, ack) => handle(ack, "presence", async () => ({ agents: await listPresence(t) })));
  socket.on("presence:set", (payload, ack) =>
    handle(ack, "presence", async () => {
      const { status } = presenceSchema.parse(payload);
      // kept on the socket too: other servers read the team's presence from socket data (fetchSockets)
      socket.data.presence = status;
      const { before, after } = setPresence(t, me, socket.id, status);
      if (before !== after) publishToAgents(t, "presence", { ...me, status: after });
      // an agent coming online takes queued conversations (routing mode "auto")
      if (after === "online" && before !== "online") route(t);
      return { status: after };
    }),
  );
  socket.on("typing", (payload, ack) =>
    handle(ack, "typing", async () => {
      const { conversationId, on } = typingSchema.parse(payload);
      await getConversation(t, conversationId); // only conversations of the agent's own tenant
      publishToVisitor(conversationId, "agent:typing", { on });
      return {};
    }),
  );
  socket.on("disconnect", () => {
    const { before, after } = dropPresence(t, me.userId, socket.id);
    if (before !== after) publishToAgents(t, "presence", { ...me, status: after });
  });
}

/** After a conversation is closed or handed back: an agent's slot is free, the queue may move. */
export const afterCapacityFreed = route;
