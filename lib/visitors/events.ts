// Customer events: what a customer did outside the chat (an order placed, a ticket opened), sent by the tenant's own
// systems with the customer's id in those systems, kept on the visitor's profile for agents and the bot.
import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";

const MAX_DATA_CHARS = 4000;

export const customerEventInputSchema = z.object({
  visitorExternalId: z.string().trim().min(1, "visitorExternalId: the customer's id in your systems").max(200),
  type: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.-]{1,50}$/i, "type: 1-50 letters, digits, _ . - (like order.placed)"),
  title: z.string().trim().min(1, "title: a short line an agent reads").max(200, "title: at most 200 characters"),
  data: z
    .record(z.string(), z.unknown())
    .refine((d) => JSON.stringify(d).length <= MAX_DATA_CHARS, `data: at most ${MAX_DATA_CHARS} characters of JSON`)
    .optional(),
  occurredAt: z.iso.datetime({ offset: true, error: "occurredAt: an ISO 8601 date and time" }).optional(),
});
export const customerEventsQuerySchema = z.object({ visitorExternalId: z.string().trim().min(1).max(200) });

const eventSelect = { id: true, type: true, title: true, data: true, occurredAt: true, createdAt: true } as const;

/**
 * Stores the event on the profile of the visitor with that external id (Kefu.identify's user id), making the profile
 * when the customer has not chatted yet, so the event is there when they do.
 */
export async function recordCustomerEvent(tenantId: string, input: z.infer<typeof customerEventInputSchema>) {
  const visitor = await db().visitor.upsert({
    where: { tenantId_externalId: { tenantId, externalId: input.visitorExternalId } },
    create: { tenantId, externalId: input.visitorExternalId },
    update: {},
    select: { id: true },
  });
  const event = await db().customerEvent.create({
    data: {
      tenantId,
      visitorId: visitor.id,
      type: input.type,
      title: input.title,
      ...(input.data ? { data: input.data as object } : {}),
      ...(input.occurredAt ? { occurredAt: new Date(input.occurredAt) } : {}),
    },
    select: eventSelect,
  });
  return { ...event, visitorExternalId: input.visitorExternalId };
}

/** A visitor's latest events, newest first. */
export function visitorEvents(tenantId: string, visitorId: string, take = 10) {
  return db().customerEvent.findMany({
    where: { tenantId, visitorId },
    select: eventSelect,
    orderBy: { occurredAt: "desc" },
    take,
  });
}

export async function eventsOfExternalId(tenantId: string, externalId: string) {
  const visitor = await db().visitor.findFirst({ where: { tenantId, externalId }, select: { id: true } });
  if (!visitor) throw new KefuError("not_found", "No visitor with this visitorExternalId");
  return (await visitorEvents(tenantId, visitor.id, 50)).map((e) => ({ ...e, visitorExternalId: externalId }));
}

/** The events of a conversation's visitor, for the bot's prompt. */
export async function conversationCustomerEvents(tenantId: string, conversationId: string, take = 5) {
  const conv = await db().conversation.findFirst({
    where: { id: conversationId, tenantId },
    select: { visitorId: true },
  });
  return conv ? visitorEvents(tenantId, conv.visitorId, take) : [];
}
