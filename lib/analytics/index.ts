import { getBot } from "../bots";
import { conversationsPerDay, csat, humanTimes, outcomes } from "./queries";
import { type AnalyticsQuery, resolveRange } from "./range";
import { gapsPerDay, usage, variants } from "./usage";

export { type AnalyticsQuery, analyticsQuerySchema } from "./range";
export { analyticsSchema, type Analytics } from "./schema";
export { analyticsCsv } from "./csv";
export { statements } from "./statements";

/** Every figure of the analytics page for the tenant, over [from, to) and optionally one bot (another tenant's bot is "No such bot"). */
export async function analyticsOf(tenantId: string, query: AnalyticsQuery) {
  const range = resolveRange(query);
  if (range.botId) await getBot(tenantId, range.botId);
  const s = { tenantId, ...range };
  const [perDay, outcome, human, rating, use, gaps, ab] = await Promise.all([
    conversationsPerDay(s),
    outcomes(s),
    humanTimes(s),
    csat(s),
    usage(s),
    gapsPerDay(s),
    variants(s),
  ]);
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), botId: range.botId ?? null },
    conversationsPerDay: perDay,
    outcomes: outcome,
    human,
    csat: rating,
    usage: use,
    knowledgeGaps: gaps,
    variants: ab,
  };
}
