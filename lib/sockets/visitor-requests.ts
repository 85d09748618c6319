// The widget's requests beyond sending messages (docs/realtime.md, /visitor): identify, typing, pre-chat form,
// CSAT, leave a message, availability, page changes. Each validates with zod and acks after the commit.
import { signVisitorToken } from "../auth/tokens";
import type { Bot } from "../bots";
import {
  leavesMessage,
  markVisitorRead,
  openConversationIfAny,
  rateConversation,
} from "../conversations/visitor-session";
import { identifyVisitor } from "../visitors/identify";
import { visitorHistory } from "../visitors/history";
import { cleanPageUrl, setVisitorContact, touchVisitor } from "../visitors";
import { leaveMessage } from "../answering/left-message";
import { handle } from "./ack";
import type { VisitorSocket } from "./typed";
import type { PastConversation } from "../../widget/socket-events";
import { onlineAgentIds, publishToAgents } from "../realtime";
import { wireMessage } from "../conversations/wire";
import {
  identifySchema,
  leaveMessageSchema,
  pageSchema,
  prechatSchema,
  rateSchema,
  readSchema,
  typingSchema,
} from "./schemas";
import { log } from "../log";

/** `store` writes the visitor's row once they do something worth keeping (lib/visitors/store.ts). */
export type VisitorContext = { bot: Bot; visitorId: string; conversationId: string | null; store: () => Promise<void> };

const TYPING_EVERY_MS = 2_000; // "still typing" reaches agents at most this often per socket
const TYPING_TOGGLE_MS = 250; // typing again right after a stop passes at once, but an on/off flood is held to this

export function registerVisitorRequests(socket: VisitorSocket, ctx: VisitorContext, ready: Promise<unknown>) {
  const { bot, visitorId } = ctx;
  const tenantId = bot.tenantId;

  socket.on("identify", (payload, ack) =>
    handle(ack, "visitor identify", async () => {
      await ready;
      const input = identifySchema.parse(payload);
      await ctx.store();
      const { visitorId: identified, changed } = await identifyVisitor(tenantId, visitorId, input);
      // the socket stays the old visitor; the widget reconnects with this token to become the identified one
      return { visitorToken: signVisitorToken({ v: identified, t: tenantId, b: bot.id }), changed };
    }),
  );

  // an identified person's closed conversations, shown read-only above the current one; the request carries the
  // signed identity again (see lib/visitors/history.ts)
  socket.on("history", (payload, ack) =>
    handle(ack, "visitor history", async () => {
      await ready;
      const { userId, signature } = identifySchema.parse(payload);
      const past = await visitorHistory(tenantId, bot.id, visitorId, { userId, signature });
      return {
        conversations: past.map((c) => ({
          id: c.id,
          createdAt: c.createdAt.toISOString(),
          closedAt: c.closedAt?.toISOString() ?? null,
          messages: c.messages.map(wireMessage),
        })) satisfies PastConversation[],
      };
    }),
  );

  let lastTypingAt = 0; // the last "typing" sent on
  let lastEmitAt = 0;
  let lastTypingOn = false;
  socket.on("typing", (payload) => {
    const input = typingSchema.safeParse(payload);
    if (!input.success || !ctx.conversationId) return;
    const now = Date.now();
    // "stopped" always passes (once), so agents never keep a stale indicator; "still typing" is thinned out, but
    // typing again after a stop is news and passes (the widget sends it once and then stays quiet for 2 s)
    if (
      input.data.on
        ? lastTypingOn
          ? now - lastTypingAt < TYPING_EVERY_MS
          : now - lastEmitAt < TYPING_TOGGLE_MS
        : !lastTypingOn
    )
      return;
    if (input.data.on) lastTypingAt = now;
    lastEmitAt = now;
    lastTypingOn = input.data.on;
    publishToAgents(tenantId, "visitor:typing", { conversationId: ctx.conversationId, on: input.data.on });
  });

  socket.on("prechat", (payload, ack) =>
    handle(ack, "visitor prechat", async () => {
      const input = prechatSchema.parse(payload);
      await ctx.store();
      await setVisitorContact(tenantId, visitorId, input);
      return { name: input.name ?? null, email: input.email };
    }),
  );

  socket.on("rate", (payload, ack) =>
    handle(ack, "visitor rate", async () => {
      const input = rateSchema.parse(payload);
      const rated = await rateConversation(tenantId, visitorId, input);
      publishToAgents(tenantId, "conversation:rated", rated);
      return { rating: rated.rating };
    }),
  );

  socket.on("leave_message", (payload, ack) =>
    handle(ack, "visitor leave_message", async () => {
      await ready;
      const input = leaveMessageSchema.parse(payload);
      await ctx.store();
      const row = await leaveMessage(tenantId, bot, visitorId, input);
      return { id: row.id, conversationId: row.conversationId };
    }),
  );

  socket.on("availability", (_payload, ack) =>
    handle(ack, "visitor availability", async () => {
      // "online" as the inbox's presence says (across servers); an agent who is away does not count
      const [agents, conv] = await Promise.all([
        onlineAgentIds(tenantId),
        openConversationIfAny(tenantId, bot.id, visitorId),
      ]);
      const online = agents.length > 0;
      // the bot handed over and no one is there to take it: offer the form instead of an endless wait
      return { agentsOnline: online, leaveMessage: (!online && conv?.status === "waiting") || leavesMessage(conv) };
    }),
  );

  socket.on("read", (payload, ack?: unknown) => {
    const input = readSchema.safeParse(payload);
    // fire-and-forget for the widget; a client that asks for an answer hears what was wrong
    if (!input.success && typeof ack === "function")
      ack({
        ok: false,
        error: {
          code: "bad_request",
          message: input.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; "),
        },
      });
    if (!input.success || !ctx.conversationId) return;
    void markVisitorRead(tenantId, visitorId, ctx.conversationId, input.data.seq).catch((err) =>
      log.error("marking read failed", { tenantId, conversationId: ctx.conversationId ?? undefined, err }),
    );
  });

  socket.on("page", (payload) => {
    const input = pageSchema.safeParse(payload);
    const lastPage = input.success ? cleanPageUrl(input.data.url) : undefined;
    if (lastPage)
      void touchVisitor(tenantId, visitorId, { lastPage }).catch((err) =>
        log.error("recording the visitor's page failed", { tenantId, err }),
      );
  });
}
