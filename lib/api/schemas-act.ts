import { conversationSchema } from "./schemas";

/** A conversation's state after an action (handoff, assign, close). */
export const conversationStateSchema = conversationSchema.pick({ id: true, botId: true, visitorId: true, status: true, assigneeId: true, closedAt: true });
