// Issue 14 point 5: customer events over REST land on the visitor's profile, stay within the tenant, and reach the
// bot's prompt for that visitor's conversations.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { planAnswer } from "../lib/answering/answer-plan";
import { openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { conversationCustomerEvents } from "../lib/visitors/events";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;

async function api(key: string, p: string, body?: unknown) {
  const res = await fetch(`${testEnv.url}${p}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe("POST /api/v1/events", () => {
  let a: Fixture;
  let b: Fixture;
  const customer = `crm-${crypto.randomBytes(4).toString("hex")}`;
  before(async () => {
    a = await makeTenant("eva");
    b = await makeTenant("evb");
  });
  after(disconnectDb);

  test("bad input is refused with a 400 naming the field", async () => {
    for (const [body, field] of [
      [{ type: "order.placed", title: "x" }, "visitorExternalId"],
      [{ visitorExternalId: customer, type: "order placed!", title: "x" }, "type"],
      [{ visitorExternalId: customer, type: "order.placed", title: "" }, "title"],
      [{ visitorExternalId: customer, type: "order.placed", title: "x", occurredAt: "yesterday" }, "occurredAt"],
    ] as const) {
      const res = await api(a.apiKey, "/api/v1/events", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.error.message, new RegExp(field));
    }
  });

  test("an event lands on the visitor's profile, only the tenant's own key reads it, and the bot's prompt for that visitor has it", async () => {
    const placed = await api(a.apiKey, "/api/v1/events", {
      visitorExternalId: customer,
      type: "order.placed",
      title: "Order #1042 placed: 2 × blue kettle",
      data: { orderId: 1042, total: "59.00 EUR" },
      occurredAt: "2026-12-01T09:30:00Z",
    });
    assert.equal(placed.status, 201, JSON.stringify(placed.json));
    await api(a.apiKey, "/api/v1/events", {
      visitorExternalId: customer,
      type: "ticket.opened",
      title: "Ticket 77: the lid is cracked",
    });

    const listed = await api(a.apiKey, `/api/v1/events?visitorExternalId=${customer}`);
    assert.deepEqual(
      listed.json.data.map((e: any) => e.type),
      ["ticket.opened", "order.placed"],
    );
    assert.deepEqual(listed.json.data[1].data, { orderId: 1042, total: "59.00 EUR" });
    // B's key: that customer does not exist for B, and an event B sends with the same id stays on B's own profile
    assert.equal((await api(b.apiKey, `/api/v1/events?visitorExternalId=${customer}`)).status, 404);
    assert.equal(
      (await api(b.apiKey, "/api/v1/events", { visitorExternalId: customer, type: "order.placed", title: "B's order" }))
        .status,
      201,
    );
    assert.equal((await api(a.apiKey, `/api/v1/events?visitorExternalId=${customer}`)).json.data.length, 2);

    const visitor = await db().visitor.findFirstOrThrow({
      where: { tenantId: a.tenant.id, externalId: customer },
      select: { id: true },
    });
    const { conversation } = await openConversation(a.tenant.id, a.bot.id, visitor.id);
    // what botReply gives the model: the plan's system prompt with the visitor's recent events
    const plan = await planAnswer(a.tenant.id, a.bot, "where is my order?", {
      customerEvents: await conversationCustomerEvents(a.tenant.id, conversation.id),
    });
    assert.match(plan.prompt.system, /RECENT CUSTOMER EVENTS/);
    assert.match(plan.prompt.system, /2026-12-01 09:30 UTC order\.placed: Order #1042 placed: 2 × blue kettle/);
    assert.match(plan.prompt.system, /ticket\.opened: Ticket 77: the lid is cracked/);
    assert.doesNotMatch(plan.prompt.system, /B's order/);
    assert.doesNotMatch(plan.prompt.secret, /Order #1042/, "events are context, not rules the guard protects");
  });
});
