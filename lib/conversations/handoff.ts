import { publishToConversation, publishToAgents } from "../realtime";
import { getConversation, setStatus } from ".";
import { publishEvent } from "../webhooks/publish";
import { routeWaiting } from "./routing";
import { extractiveSummary, modelSummary, storeSummary, withModelSummary } from "./summary";
import { log } from "../log";

// Handoff is an explicit state change (bot → waiting), never parsed out of the model's text; each records why.
export type HandoffReason =
  | "visitor_asked" // by the button or in words, zh or en
  | "low_confidence" // the best knowledge match was under the bot's threshold
  | "bot_failed" // the bot could not answer N times in a row
  | "keyword" // a message contained one of the bot's handoff keywords
  | "after_hours" // outside business hours: the visitor is asked to leave a message
  | "error" // the model failed or timed out
  | "busy" // the engine's queue was full
  | "api"; // an integration asked for it (POST /api/v1/conversations/{id}/handoff)

/**
 * The conversation leaves the bot and waits for an agent. No-op unless the bot is in charge. The reason and a
 * summary for the agent are stored: at once the visitor's last questions, then (in the background, time-limited)
 * the local model's summary after the visitor's questions when it makes one. In routing mode "auto" an online agent
 * is assigned, except after hours.
 */
export async function handOff(tenantId: string, conversationId: string, reason: HandoffReason): Promise<boolean> {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status !== "bot") return false;
  const summary = await extractiveSummary(tenantId, conversationId);
  if (summary) await storeSummary(tenantId, conversationId, summary);
  await setStatus(tenantId, conversationId, "waiting", undefined, { handoffReason: reason });
  await publishEvent(tenantId, "conversation.handed_off", { conversationId, reason, summary });
  // after hours the one status event already tells the widget to offer the leave-a-message form
  const afterHours = reason === "after_hours";
  publishToConversation(
    tenantId,
    conversationId,
    "status",
    { status: "waiting", ...(afterHours ? { leaveMessage: true } : {}) },
    { handoffReason: reason, summary },
  );
  // neither routing nor the model's summary may hold the handoff (and the visitor's answer) back
  setImmediate(() => void afterHandoff(tenantId, conversationId, summary, !afterHours));
  return true;
}

async function afterHandoff(tenantId: string, conversationId: string, factual: string | null, route: boolean) {
  // after hours the visitor was asked to leave a message: it waits in the queue, no agent is assigned to it
  if (route)
    await routeWaiting(tenantId, conversationId).catch((err) =>
      log.error("routing after handoff failed", { tenantId, conversationId, err }),
    );
  const byModel = await modelSummary(tenantId, conversationId).catch((err) => {
    log.warn("model summary after handoff failed (the factual one stays)", { tenantId, conversationId, err });
    return null;
  });
  if (!byModel) return;
  const summary = withModelSummary(factual, byModel);
  await storeSummary(tenantId, conversationId, summary).catch((err) =>
    log.error("storing the handoff summary failed", { tenantId, conversationId, err }),
  );
  publishToAgents(tenantId, "summary", { conversationId, summary, by: "model" });
}
