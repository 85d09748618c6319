import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { customerEventSchema } from "@/lib/api/schemas-act";
import { dataResponse, queryOf } from "@/lib/api/respond";
import {
  customerEventInputSchema,
  customerEventsQuerySchema,
  eventsOfExternalId,
  recordCustomerEvent,
} from "@/lib/visitors/events";

// POST /api/v1/events — a customer event (an order placed, a ticket opened) onto the visitor's profile, for agents and the bot.
export const POST = withApiKey(async (req, { caller }) => {
  const input = customerEventInputSchema.parse(await readJson(req));
  return dataResponse(customerEventSchema, await recordCustomerEvent(caller.tenantId, input), 201);
});

// GET /api/v1/events?visitorExternalId= — that customer's latest events, newest first.
export const GET = withApiKey(async (req, { caller }) => {
  const { visitorExternalId } = customerEventsQuerySchema.parse(queryOf(req));
  return dataResponse(z.array(customerEventSchema), await eventsOfExternalId(caller.tenantId, visitorExternalId));
});
