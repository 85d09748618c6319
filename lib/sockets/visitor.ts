import { signVisitorToken, verifyVisitorToken } from "../auth/tokens";
import { getBotByPublicKey, type Bot } from "../bots";
import { leavesMessage, messagesAfter, openConversationIfAny } from "../conversations/visitor-session";
import { postVisitorMessage, requestHuman } from "../answering/actions";
import { cancelWhenVisitorGone } from "./visitor-gone";
import { inactivityNotice } from "../answering/inactivity";
import { handoffRequestSchema } from "../answering/handoff-rules";
import { metrics } from "../metrics";
import { UNSAFE_TEXT, unsafeTextAt } from "../safe-text";
import { wireMessage } from "../conversations/wire";
import { statusOf } from "../conversations";
import { connectError, handle, refuseUnsafeText } from "./ack";
import type { VisitorNamespace, VisitorSocket } from "./typed";
import type { MessageAck } from "../../widget/socket-events";
import { rooms } from "../realtime/rooms";
import { visitorAuthSchema, visitorMessageSchema } from "./schemas";
import { originAllowed } from "../../app/widget/access";
import { cleanPageUrl, getVisitorProfile, touchVisitor } from "../visitors";
import { registerVisitorRequests, type VisitorContext } from "./visitor-requests";
import { newVisitorId, storeVisitor } from "../visitors/store";
import { limitVisitorMessage, limitWidgetConnection } from "../rate-limit/limits";
import { RateLimitedError } from "../rate-limit/error";
import { clientAddress } from "../net/client-address";
import { log } from "../log";

type VisitorData = { bot: Bot; visitorId: string; visitorToken: string };

/** /visitor: the widget. The bot's public key names the tenant; a signed visitor token names the visitor. */
export function registerVisitorNamespace(nsp: VisitorNamespace) {
  nsp.use(async (socket, next) => {
    try {
      const unsafe = unsafeTextAt(socket.handshake.auth ?? {});
      if (unsafe) return next(connectError("bad_request", `${unsafe}: ${UNSAFE_TEXT}`));
      await limitWidgetConnection(clientAddress(socket.handshake.headers, socket.handshake.address));
      const auth = visitorAuthSchema.safeParse(socket.handshake.auth ?? {});
      if (!auth.success) return next(connectError("bad_request", auth.error.issues[0].message));
      const bot = shareBot(await getBotByPublicKey(auth.data.key));
      if (!bot) return next(connectError("unknown_key", "This widget key does not belong to any bot"));
      if (!pageOriginAllowed(bot.allowedOrigins, auth.data.origin, socket.handshake.headers)) {
        return next(
          connectError(
            "origin_not_allowed",
            "This chat may not be shown on this site: add its origin to the bot's allowed origins",
          ),
        );
      }
      let visitorId: string;
      let visitorToken = auth.data.token ?? undefined;
      if (visitorToken) {
        const claims = verifyVisitorToken(visitorToken);
        if (claims === "expired")
          return next(
            connectError(
              "expired_token",
              "The visitor session has expired: connect without a token to start a new one",
            ),
          );
        // a token minted for another bot or tenant is treated as forged
        if (!claims || claims.b !== bot.id || claims.t !== bot.tenantId)
          return next(connectError("invalid_token", "The visitor token is not valid"));
        visitorId = claims.v;
      } else {
        visitorId = newVisitorId(); // no row yet: see lib/visitors/store.ts
        visitorToken = signVisitorToken({ v: visitorId, t: bot.tenantId, b: bot.id });
      }
      socket.data = { bot, visitorId, visitorToken } satisfies VisitorData;
      next();
    } catch (err) {
      if (err instanceof RateLimitedError)
        return next(Object.assign(connectError(err.code, err.message), { data: err.toJSON() }));
      log.error("visitor handshake failed", { err });
      next(connectError("internal", "The server could not start the chat"));
    }
  });

  nsp.on("connection", (socket: VisitorSocket) => {
    const { bot, visitorId, visitorToken } = socket.data as VisitorData;
    socket.use(refuseUnsafeText);
    slimRequest(socket);
    metrics().connections.inc({ namespace: "visitor" });
    socket.on("disconnect", () => {
      metrics().connections.dec({ namespace: "visitor" });
      if (ctx.conversationId) cancelWhenVisitorGone(socket.nsp, rooms.visitor(visitorId), ctx.conversationId);
    });
    // every tab of this visitor joins the conversation room as soon as one of them opens it
    socket.join(rooms.visitor(visitorId));
    socket.join(rooms.bot(bot.id));
    const lastSeq = Number(socket.handshake.auth?.lastSeq) || 0;
    const lang = socket.handshake.auth?.lang;
    const seen = {
      lastPage: cleanPageUrl(socket.handshake.auth?.page),
      userAgent: socket.handshake.headers["user-agent"],
      ...(lang === "en" || lang === "zh-CN" ? { language: lang as "en" | "zh-CN" } : {}),
    };
    let stored: Promise<void> | undefined;
    const store = () =>
      (stored ??= storeVisitor(bot.tenantId, visitorId, seen).catch(
        (err) => ((stored = undefined), Promise.reject(err)),
      ));
    const ctx: VisitorContext = { bot, visitorId, conversationId: null, store };

    // handlers are registered before any await, so a message sent right after connecting is never dropped;
    // it waits for the session to be set up instead
    const ready = (async () => {
      const [conversation, profile] = await Promise.all([
        openConversationIfAny(bot.tenantId, bot.id, visitorId),
        getVisitorProfile(bot.tenantId, visitorId),
        touchVisitor(bot.tenantId, visitorId, seen),
      ]);
      ctx.conversationId ??= conversation?.id ?? null;
      const messages = conversation ? await messagesAfter(bot.tenantId, conversation.id, lastSeq) : [];
      const closedNotice = conversation ? null : await inactivityNotice(bot.tenantId, bot.id, visitorId);
      if (conversation) socket.join(rooms.conversation(conversation.id));
      socket.emit("session", {
        visitorToken,
        conversationId: conversation?.id ?? null,
        status: conversation ? statusOf(conversation) : "bot",
        leaveMessage: leavesMessage(conversation),
        bot: {
          name: bot.name,
          greeting: bot.greeting,
          avatarUrl: bot.avatarUrl,
          language: bot.language,
          preChatForm: bot.preChatForm,
        },
        visitor: { name: profile?.name ?? null, email: profile?.email ?? null, identified: !!profile?.externalId },
        visitorReadSeq: conversation?.visitorReadSeq ?? 0,
        messages: messages.map(wireMessage),
        ...(closedNotice ? { closedNotice: wireMessage(closedNotice) } : {}),
      });
    })();
    let sessionReady = false;
    ready
      .then(() => (sessionReady = true))
      .catch((err) => {
        log.error("visitor session failed", { err });
        socket.emit("error", { code: "internal", message: "The chat could not be loaded" });
      });

    socket.on("message", (payload, ack) =>
      handle(ack, "visitor message", async () => {
        if (!sessionReady) await ready; // once set up, no extra await per message
        const input = isMessagePayload(payload) ? payload : visitorMessageSchema.parse(payload);
        await limitVisitorMessage(visitorId); // refused with rate_limited and retryAfterMs; nothing stored
        await store();
        // the socket remembers its open conversation: no lookup per message (see postVisitorMessage)
        const message = await postVisitorMessage(
          bot,
          visitorId,
          input,
          (conversationId) => {
            if (ctx.conversationId === conversationId) return;
            ctx.conversationId = conversationId;
            socket.nsp.in(rooms.visitor(visitorId)).socketsJoin(rooms.conversation(conversationId));
          },
          ctx.conversationId,
        );
        return { id: message.id, seq: message.seq, conversationId: message.conversationId } satisfies MessageAck;
      }),
    );

    // the widget's "talk to a human" button; acknowledged once the handoff is stored
    socket.on("handoff:request", (...args: unknown[]) =>
      // the payload is optional: emit("handoff:request", ack) works as well as emit("handoff:request", {}, ack)
      handle(args.at(-1), "handoff request", async () => {
        await ready;
        handoffRequestSchema.parse(typeof args[0] === "function" ? undefined : args[0]);
        await store();
        return requestHuman(bot, visitorId, (conversationId) => {
          ctx.conversationId = conversationId;
          socket.nsp.in(rooms.visitor(visitorId)).socketsJoin(rooms.conversation(conversationId));
        });
      }),
    );
    registerVisitorRequests(socket, ctx, ready);
  });
}

/**
 * engine.io keeps the upgrade request (an IncomingMessage with its parser state) for the connection's whole life,
 * only to build handshakes of later namespaces; idle widgets are held by the ten thousand, so keep just what a
 * handshake reads (the same headers object, so a later namespace still sees the browser's Origin).
 */
function slimRequest(socket: VisitorSocket) {
  const conn = socket.conn as unknown as {
    request: { headers: object; url?: string; _query?: object; connection?: { encrypted?: boolean } } | null;
  };
  const req = conn.request;
  if (!req) return;
  conn.request = {
    headers: req.headers,
    url: req.url,
    _query: req._query,
    connection: { encrypted: !!req.connection?.encrypted },
  };
}

// Every widget socket keeps its bot: thousands of sockets of one bot share one object (the settings are still read
// at every handshake, so a change reaches new connections at once) instead of a copy each.
const sharedBots = new Map<string, { json: string; bot: Bot }>();
function shareBot(bot: Bot | undefined) {
  if (!bot) return bot;
  const json = JSON.stringify(bot);
  const known = sharedBots.get(bot.id);
  if (known?.json === json) return known.bot;
  if (sharedBots.size > 1000) sharedBots.clear();
  sharedBots.set(bot.id, { json, bot });
  return bot;
}

/** visitorMessageSchema's common case without zod (every message goes through here); zod explains anything else. */
function isMessagePayload(p: unknown): p is { clientId: string; text: unknown } {
  const id = (p as { clientId?: unknown } | null)?.clientId;
  return typeof p === "object" && p !== null && typeof id === "string" && id.length >= 1 && id.length <= 100;
}

/**
 * The page the chat is shown on must be allowed. The loader reports it (auth.origin); a browser's Origin header,
 * when it is not Kefu's own (the frame), is the page itself talking to us and must be allowed as well, so a page
 * cannot get in by claiming another origin.
 */
function pageOriginAllowed(
  allowed: string[],
  reported: string | null | undefined,
  headers: Record<string, string | string[] | undefined>,
) {
  if (!allowed.length) return true;
  const header = typeof headers.origin === "string" ? headers.origin : undefined;
  let sameOrigin = false;
  try {
    sameOrigin = !!header && new URL(header).host === headers.host;
  } catch {
    // a malformed Origin header is not our origin: it is checked against the allowed origins below
  }
  if (header && !sameOrigin && !originAllowed(allowed, header)) return false;
  return originAllowed(allowed, reported);
}
