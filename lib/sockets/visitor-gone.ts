import type { VisitorNamespace } from "./typed";
import { answeringHere, cancelBotReply } from "../answering/bot-reply";
import { envVar } from "../env";
import { log } from "../log";

const graceMs = () => envVar("KEFU_VISITOR_GONE_MS");

/**
 * A visitor's socket closed. When no tab of theirs is connected again within the grace period (on any server), they
 * have left: the bot's answer being written in their conversation is stopped (what was written is kept), so the
 * engine's slot goes to someone who is there. A dropped connection that comes back in time gets the whole answer.
 * Only an answer this process is writing is watched (the visitor's message reached it over this socket): a server
 * restart drops thousands of widgets, and each check of the room is a request to every server.
 */
export function cancelWhenVisitorGone(
  nsp: VisitorNamespace,
  visitorRoom: string,
  conversationId: string,
  ms = graceMs(),
) {
  if (!answeringHere(conversationId)) return;
  setTimeout(async () => {
    if (!answeringHere(conversationId)) return;
    try {
      if ((await nsp.in(visitorRoom).fetchSockets()).length === 0) cancelBotReply(conversationId);
    } catch (err) {
      log.warn("checking whether the visitor left failed", { err });
    }
  }, ms).unref();
}
