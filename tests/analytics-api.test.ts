import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createBot } from "../lib/bots";
import { createVisitor } from "../lib/conversations";
import { db } from "../lib/db/client";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
type Msg = {
  role: string;
  at: string;
  model?: string;
  variant?: string | null;
  tokens?: number;
  firstTokenMs?: number;
  durationMs?: number;
  internal?: boolean;
};

async function api(path: string, key: string) {
  const res = await fetch(`${testEnv.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, json: (await res.json()) as any };
}

const at = (s: string) => new Date(`2026-01-${s}Z`);

/** A conversation with its messages stored as they would have been, at chosen times. */
async function seed(
  t: Fixture,
  botId: string,
  c: { at: string; status: string; reason?: string; closedAt?: string; rating?: number; messages: Msg[] },
) {
  const visitor = await createVisitor(t.tenant.id);
  const conv = await db().conversation.create({
    data: {
      tenantId: t.tenant.id,
      botId,
      visitorId: visitor.id,
      status: c.status,
      handoffReason: c.reason ?? null,
      createdAt: at(c.at),
      updatedAt: at(c.closedAt ?? c.at),
      closedAt: c.closedAt ? at(c.closedAt) : null,
      rating: c.rating ?? null,
      lastSeq: c.messages.length,
    },
  });
  await db().message.createMany({
    data: c.messages.map((m, i) => ({
      tenantId: t.tenant.id,
      conversationId: conv.id,
      botId,
      seq: i + 1,
      role: m.role,
      text: `${m.role} ${i + 1}`,
      createdAt: at(m.at),
      internal: m.internal ?? false,
      ...(m.role === "bot"
        ? {
            model: m.model,
            variant: m.variant ?? null,
            answerKind: "model",
            tokens: m.tokens,
            firstTokenMs: m.firstTokenMs,
            durationMs: m.durationMs,
          }
        : {}),
    })),
  });
  return conv;
}

describe("GET /api/v1/analytics", () => {
  let a: Fixture;
  let b: Fixture;
  let bot2: { id: string };
  const RANGE = "from=2026-01-10&to=2026-01-11";

  before(async () => {
    a = await makeTenant("ana");
    b = await makeTenant("anb");
    bot2 = await createBot(a.tenant.id, {
      name: "Second",
      greeting: "Hi",
      instructions: "Short.",
      temperature: 0.2,
      maxTokens: 24,
      modelId: null,
      knowledgeBaseIds: [],
    });
    // c1: the bot answered (variant A) and the visitor closed it happy
    await seed(a, a.bot.id, {
      at: "10T09:00:00",
      status: "closed",
      closedAt: "10T09:10:00",
      rating: 5,
      messages: [
        { role: "visitor", at: "10T09:00:00" },
        { role: "bot", at: "10T09:00:02", model: "m-a", variant: "A", tokens: 10, firstTokenMs: 500, durationMs: 1500 },
      ],
    });
    // c2: variant B answered, the visitor asked for a person, who answered 30 s later; closed after 30 min, rated 3
    await seed(a, a.bot.id, {
      at: "10T10:00:00",
      status: "closed",
      reason: "visitor_asked",
      closedAt: "10T10:30:00",
      rating: 3,
      messages: [
        { role: "visitor", at: "10T10:00:00" },
        {
          role: "bot",
          at: "10T10:00:01",
          model: "m-a",
          variant: "B",
          tokens: 20,
          firstTokenMs: 1000,
          durationMs: 3000,
        },
        { role: "visitor", at: "10T10:01:00" },
        { role: "agent", at: "10T10:01:30" },
        { role: "agent", at: "10T10:05:00" },
        { role: "agent", at: "10T10:06:00", internal: true },
      ],
    });
    // c3: low confidence, a person answered after 90 s, still open
    await seed(a, a.bot.id, {
      at: "11T08:00:00",
      status: "agent",
      reason: "low_confidence",
      messages: [
        { role: "visitor", at: "11T08:00:00" },
        { role: "agent", at: "11T08:01:30" },
      ],
    });
    // c4: the second bot, another model
    await seed(a, bot2.id, {
      at: "11T12:00:00",
      status: "bot",
      messages: [
        { role: "visitor", at: "11T12:00:00" },
        { role: "bot", at: "11T12:00:01", model: "m-b", tokens: 30, firstTokenMs: 200, durationMs: 1200 },
      ],
    });
    // c5: after the range
    await seed(a, a.bot.id, {
      at: "12T01:00:00",
      status: "closed",
      closedAt: "12T01:05:00",
      rating: 1,
      messages: [{ role: "visitor", at: "12T01:00:00" }],
    });
    for (const [day, count] of [
      ["10T11:00:00", 3],
      ["11T11:00:00", 1],
    ] as const) {
      await db().knowledgeGap.create({
        data: {
          tenantId: a.tenant.id,
          botId: a.bot.id,
          question: `q ${day}`,
          questionKey: `q ${day}`,
          bestScore: 0.1,
          count,
          createdAt: at(day),
          lastAskedAt: at(day),
        },
      });
    }
    // tenant B, same days: must never show in A's figures
    await seed(b, b.bot.id, {
      at: "10T09:30:00",
      status: "closed",
      reason: "bot_failed",
      closedAt: "10T09:40:00",
      rating: 1,
      messages: [
        { role: "visitor", at: "10T09:30:00" },
        { role: "bot", at: "10T09:30:01", model: "m-a", variant: "A", tokens: 99, firstTokenMs: 100, durationMs: 200 },
        { role: "agent", at: "10T09:31:00" },
      ],
    });
  });
  after(() => disconnectDb());

  test("answers figures computed by hand for a seeded tenant, and none of another tenant's", async () => {
    const { status, json } = await api(`/api/v1/analytics?${RANGE}`, a.apiKey);
    assert.equal(status, 200, JSON.stringify(json));
    const d = json.data;
    assert.deepEqual(d.range, { from: "2026-01-10T00:00:00.000Z", to: "2026-01-12T00:00:00.000Z", botId: null });
    assert.deepEqual(d.conversationsPerDay, [
      { day: "2026-01-10", conversations: 2 },
      { day: "2026-01-11", conversations: 2 },
    ]);
    const { handoffReasons, ...o } = d.outcomes;
    assert.deepEqual(o, { conversations: 4, botResolved: 1, botResolutionRate: 0.25, handedOff: 2, handoffRate: 0.5 });
    assert.deepEqual(
      handoffReasons.sort((x: any, y: any) => x.reason.localeCompare(y.reason)),
      [
        { reason: "low_confidence", count: 1 },
        { reason: "visitor_asked", count: 1 },
      ],
    );
    assert.deepEqual(d.human, {
      firstResponseSeconds: { p50: 60, p90: 84, count: 2 },
      resolutionSeconds: { p50: 1800, p90: 1800, count: 1 },
    });
    assert.deepEqual(d.csat, {
      bot: { ratings: 1, average: 5, satisfied: 1 },
      human: { ratings: 1, average: 3, satisfied: 0 },
    });
    assert.deepEqual(d.usage.perBot, [
      { botId: a.bot.id, name: a.bot.name, messages: 9, answers: 2, tokens: 30 },
      { botId: bot2.id, name: "Second", messages: 2, answers: 1, tokens: 30 },
    ]);
    assert.deepEqual(
      d.usage.perModel.sort((x: any, y: any) => x.model.localeCompare(y.model)),
      [
        { model: "m-a", answers: 2, tokens: 30 },
        { model: "m-b", answers: 1, tokens: 30 },
      ],
    );
    assert.deepEqual(d.knowledgeGaps, [
      { day: "2026-01-10", gaps: 1, asked: 3 },
      { day: "2026-01-11", gaps: 1, asked: 1 },
    ]);
    assert.deepEqual(d.variants, [
      {
        model: "m-a",
        variant: "A",
        answers: 1,
        conversations: 1,
        handoffRate: 0,
        ratings: 1,
        averageRating: 5,
        firstTokenMs: 500,
        tokensPerSecond: 10,
      },
      {
        model: "m-a",
        variant: "B",
        answers: 1,
        conversations: 1,
        handoffRate: 1,
        ratings: 1,
        averageRating: 3,
        firstTokenMs: 1000,
        tokensPerSecond: 10,
      },
      {
        model: "m-b",
        variant: null,
        answers: 1,
        conversations: 1,
        handoffRate: 0,
        ratings: 0,
        averageRating: null,
        firstTokenMs: 200,
        tokensPerSecond: 30,
      },
    ]);
  });

  test("the bot filter keeps one bot's conversations", async () => {
    const { status, json } = await api(`/api/v1/analytics?${RANGE}&botId=${bot2.id}`, a.apiKey);
    assert.equal(status, 200);
    assert.deepEqual(json.data.conversationsPerDay, [{ day: "2026-01-11", conversations: 1 }]);
    assert.equal(json.data.outcomes.conversations, 1);
    assert.deepEqual(json.data.usage.perModel, [{ model: "m-b", answers: 1, tokens: 30 }]);
    assert.deepEqual(json.data.knowledgeGaps, []);
  });

  test("tenant B sees only its own conversation, and A's bot is unknown to it", async () => {
    const { json } = await api(`/api/v1/analytics?${RANGE}`, b.apiKey);
    assert.equal(json.data.outcomes.conversations, 1);
    assert.deepEqual(json.data.csat.human, { ratings: 1, average: 1, satisfied: 0 });
    assert.deepEqual(json.data.usage.perModel, [{ model: "m-a", answers: 1, tokens: 99 }]);
    const other = await api(`/api/v1/analytics?${RANGE}&botId=${a.bot.id}`, b.apiKey);
    const missing = await api(`/api/v1/analytics?${RANGE}&botId=no-such-bot`, b.apiKey);
    assert.equal(other.status, 404);
    assert.deepEqual(other.json, missing.json);
    assert.equal(other.json.error.code, "not_found");
  });

  test("bad ranges answer 400 naming what is wrong", async () => {
    const reversed = await api("/api/v1/analytics?from=2026-01-12&to=2026-01-10", a.apiKey);
    assert.equal(reversed.status, 400);
    assert.equal(reversed.json.error.code, "bad_request");
    assert.match(reversed.json.error.message, /from must be before to/);
    const garbage = await api("/api/v1/analytics?from=yesterday", a.apiKey);
    assert.equal(garbage.status, 400);
    assert.match(garbage.json.error.message, /from: expected a date/);
    const tooLong = await api("/api/v1/analytics?from=2020-01-01&to=2026-01-01", a.apiKey);
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.json.error.message, /366 days/);
  });

  test("the OpenAPI document describes it", async () => {
    const res = await fetch(`${testEnv.url}/api/v1/openapi.json`);
    const doc = (await res.json()) as any;
    assert.equal(doc.paths["/api/v1/analytics"].get.operationId, "getAnalytics");
    assert.ok(doc.components.schemas.Analytics.properties.variants);
  });
});
