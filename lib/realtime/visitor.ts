import type { Namespace, Socket } from "socket.io";
import { signVisitorToken, verifyVisitorToken } from "../auth/tokens";
import { getBotByPublicKey, type Bot } from "../bots";
import { createVisitor, messagesAfter, openConversationIfAny } from "../conversations/visitor-session";
import { postVisitorMessage } from "../conversations/actions";
import { metrics } from "../metrics";
import { wireMessage } from "./emit";
import { connectError, handle } from "./ack";
import { rooms } from "./rooms";
import { visitorAuthSchema, visitorMessageSchema } from "./schemas";

type VisitorData = { bot: Bot; visitorId: string; visitorToken: string };

/** /visitor: the widget. The bot's public key names the tenant; a signed visitor token names the visitor. */
export function registerVisitorNamespace(nsp: Namespace) {
  nsp.use(async (socket, next) => {
    try {
      const auth = visitorAuthSchema.safeParse(socket.handshake.auth ?? {});
      if (!auth.success) return next(connectError("bad_request", auth.error.issues[0].message));
      const bot = await getBotByPublicKey(auth.data.key);
      if (!bot) return next(connectError("unknown_key", "This widget key does not belong to any bot"));
      let visitorId: string;
      let visitorToken = auth.data.token ?? undefined;
      if (visitorToken) {
        const claims = verifyVisitorToken(visitorToken);
        if (claims === "expired") return next(connectError("expired_token", "The visitor session has expired: connect without a token to start a new one"));
        // a token minted for another bot or tenant is treated as forged
        if (!claims || claims.b !== bot.id || claims.t !== bot.tenantId) return next(connectError("invalid_token", "The visitor token is not valid"));
        visitorId = claims.v;
      } else {
        visitorId = (await createVisitor(bot.tenantId)).id;
        visitorToken = signVisitorToken({ v: visitorId, t: bot.tenantId, b: bot.id });
      }
      socket.data = { bot, visitorId, visitorToken } satisfies VisitorData;
      next();
    } catch (err) {
      console.error("[kefu] visitor handshake:", err);
      next(connectError("internal", "The server could not start the chat"));
    }
  });

  nsp.on("connection", (socket: Socket) => {
    const { bot, visitorId, visitorToken } = socket.data as VisitorData;
    metrics().connections.inc({ namespace: "visitor" });
    socket.on("disconnect", () => metrics().connections.dec({ namespace: "visitor" }));
    // every tab of this visitor joins the conversation room as soon as one of them opens it
    socket.join(rooms.visitor(visitorId));
    const lastSeq = Number(socket.handshake.auth?.lastSeq) || 0;

    // handlers are registered before any await, so a message sent right after connecting is never dropped;
    // it waits for the session to be set up instead
    const ready = (async () => {
      const conversation = await openConversationIfAny(bot.tenantId, bot.id, visitorId);
      const messages = conversation ? await messagesAfter(bot.tenantId, conversation.id, lastSeq) : [];
      if (conversation) socket.join(rooms.conversation(conversation.id));
      socket.emit("session", {
        visitorToken,
        conversationId: conversation?.id ?? null,
        status: conversation?.status ?? "bot",
        bot: { name: bot.name, greeting: bot.greeting },
        messages: messages.map(wireMessage),
      });
    })();
    ready.catch((err) => {
      console.error("[kefu] visitor session:", err);
      socket.emit("error", { code: "internal", message: "The chat could not be loaded" });
    });

    socket.on("message", (payload, ack) =>
      handle(ack, "visitor message", async () => {
        await ready;
        const input = visitorMessageSchema.parse(payload);
        const message = await postVisitorMessage(bot, visitorId, input, (conversationId) => {
          socket.nsp.in(rooms.visitor(visitorId)).socketsJoin(rooms.conversation(conversationId));
        });
        return { id: message.id, seq: message.seq, conversationId: message.conversationId };
      }),
    );
  });
}
