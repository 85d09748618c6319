import { z } from "zod";

const nullableNum = z.number().nullable();
const percentiles = z.object({ p50: nullableNum, p90: nullableNum, count: z.number().int() });
const csatSide = z.object({
  ratings: z.number().int(),
  average: nullableNum,
  satisfied: nullableNum.describe("share of ratings 4 or 5"),
});

/** What GET /api/v1/analytics answers and the page draws (rates are 0..1, times in seconds or milliseconds as named). */
export const analyticsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string(), botId: z.string().nullable() }),
  conversationsPerDay: z.array(z.object({ day: z.string(), conversations: z.number().int() })),
  outcomes: z.object({
    conversations: z.number().int(),
    botResolved: z.number().int(),
    botResolutionRate: nullableNum,
    handedOff: z.number().int(),
    handoffRate: nullableNum,
    handoffReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  }),
  human: z.object({ firstResponseSeconds: percentiles, resolutionSeconds: percentiles }),
  csat: z.object({ bot: csatSide, human: csatSide }),
  usage: z.object({
    perBot: z.array(
      z.object({
        botId: z.string(),
        name: z.string(),
        messages: z.number().int(),
        answers: z.number().int(),
        tokens: z.number().int(),
      }),
    ),
    perModel: z.array(z.object({ model: z.string(), answers: z.number().int(), tokens: z.number().int() })),
  }),
  knowledgeGaps: z.array(z.object({ day: z.string(), gaps: z.number().int(), asked: z.number().int() })),
  variants: z.array(
    z.object({
      model: z.string(),
      variant: z.string().nullable(),
      answers: z.number().int(),
      conversations: z.number().int(),
      handoffRate: nullableNum,
      ratings: z.number().int(),
      averageRating: nullableNum,
      firstTokenMs: nullableNum,
      tokensPerSecond: nullableNum,
    }),
  ),
});
export type Analytics = z.infer<typeof analyticsSchema>;
