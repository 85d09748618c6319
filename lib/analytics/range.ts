import { z } from "zod";
import { KefuError } from "../errors";

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "expected a date (YYYY-MM-DD) or an ISO date-time",
});

/** The analytics query string: a date range (UTC days; `to` includes its whole day) and an optional bot. */
export const analyticsQuerySchema = z.object({
  from: dateOrDateTime.optional().describe("First day (YYYY-MM-DD, UTC) or instant; default 30 days before `to`"),
  to: dateOrDateTime.optional().describe("Last day, included whole (YYYY-MM-DD, UTC), or an instant; default now"),
  botId: z.string().min(1).max(100).optional().describe("Only this bot's conversations"),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

export type AnalyticsRange = { from: Date; to: Date; botId?: string };

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** [from, to) as instants; a day-only `to` means the end of that day, so from=to=one day covers that day. */
export function resolveRange(q: AnalyticsQuery, now = new Date()): AnalyticsRange {
  const to = q.to ? new Date(isDay(q.to) ? Date.parse(`${q.to}T00:00:00Z`) + DAY_MS : Date.parse(q.to)) : now;
  const from = q.from ? new Date(isDay(q.from) ? `${q.from}T00:00:00Z` : q.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw new KefuError("bad_request", "from/to: not a valid date");
  if (from >= to) throw new KefuError("bad_request", "from must be before to");
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS)
    throw new KefuError("bad_request", `from/to: at most ${MAX_DAYS} days at a time`);
  return { from, to, botId: q.botId };
}
