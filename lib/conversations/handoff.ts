import { emitConversationEvent } from "../realtime/emit";
import { getConversation, setStatus } from ".";

// Handoff is an explicit state change (bot → waiting), never parsed out of the model's text; each records why.
export type HandoffReason =
  | "visitor_asked" // by the button or in words, zh or en
  | "low_confidence" // the best knowledge match was under the bot's threshold
  | "bot_failed" // the bot could not answer N times in a row
  | "keyword" // a message contained one of the bot's handoff keywords
  | "after_hours" // outside business hours: the visitor is asked to leave a message
  | "error" // the model failed or timed out
  | "busy"; // the engine's queue was full

/** The conversation leaves the bot and waits for an agent. No-op unless the bot is in charge. */
export async function handOff(tenantId: string, conversationId: string, reason: HandoffReason): Promise<boolean> {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status !== "bot") return false;
  await setStatus(tenantId, conversationId, "waiting", undefined, { handoffReason: reason });
  emitConversationEvent(tenantId, conversationId, "status", { status: "waiting" }, { handoffReason: reason });
  return true;
}
