// Visitor ratings (CSAT, 1–5 stars and a comment, given after a conversation closes), counted for a period and
// split by who answered: the bot alone, or a person (an agent wrote in the conversation).
import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";

export const csatQuerySchema = z
  .object({
    from: z.coerce.date({ error: "from must be a date (ISO 8601)" }).optional(),
    to: z.coerce.date({ error: "to must be a date (ISO 8601)" }).optional(),
    botId: z.string().min(1).max(100).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "from must be before to", path: ["from"] });

export type CsatQuery = z.input<typeof csatQuerySchema>;
type Bucket = {
  count: number;
  average: number | null;
  low: number;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
};

const DAY = 86_400_000;
const empty = (): Bucket => ({
  count: 0,
  average: null,
  low: 0,
  distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 },
});

/**
 * Ratings given in [from, to) (default: the last 30 days), optionally for one bot of the tenant: all of them, those
 * of conversations only the bot answered, and those where an agent wrote. `low` counts 1 and 2 stars.
 */
export async function csatSummary(tenantId: string, query: CsatQuery = {}) {
  const q = csatQuerySchema.parse(query);
  const to = q.to ?? new Date();
  const from = q.from ?? new Date(to.getTime() - 30 * DAY);
  if (q.botId && !(await db().bot.findFirst({ where: { id: q.botId, tenantId }, select: { id: true } }))) {
    throw new KefuError("not_found", "No such bot");
  }
  const botId = q.botId ?? null;
  const rows = await db().$queryRaw<{ human: boolean; rating: number; n: bigint }[]>`
    SELECT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'agent') AS human, c.rating, COUNT(*) AS n
    FROM conversations c
    WHERE c.tenant_id = ${tenantId} AND c.rating IS NOT NULL
      AND COALESCE(c.rated_at, c.closed_at, c.updated_at) >= ${from} AND COALESCE(c.rated_at, c.closed_at, c.updated_at) < ${to}
      AND (${botId}::text IS NULL OR c.bot_id = ${botId})
    GROUP BY 1, 2`;
  const all = empty();
  const byBot = empty();
  const byHuman = empty();
  for (const r of rows) {
    for (const b of [all, r.human ? byHuman : byBot]) {
      const n = Number(r.n);
      b.count += n;
      b.distribution[String(r.rating) as keyof Bucket["distribution"]] += n;
      if (r.rating <= 2) b.low += n;
    }
  }
  for (const b of [all, byBot, byHuman]) {
    const sum = Object.entries(b.distribution).reduce((s, [score, n]) => s + Number(score) * n, 0);
    b.average = b.count ? Math.round((sum / b.count) * 100) / 100 : null;
  }
  return { from, to, botId, all, bot: byBot, human: byHuman };
}
