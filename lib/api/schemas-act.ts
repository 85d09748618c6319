import { z } from "zod";
import { conversationSchema } from "./schemas";

/** A conversation's state after an action (handoff, assign, close). */
export const conversationStateSchema = conversationSchema.pick({
  id: true,
  botId: true,
  visitorId: true,
  status: true,
  assigneeId: true,
  closedAt: true,
});

const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime());

export const customerEventSchema = z.object({
  id: z.string(),
  visitorExternalId: z.string(),
  type: z.string(),
  title: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  occurredAt: isoDate,
  createdAt: isoDate,
});
