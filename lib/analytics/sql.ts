// What every analytics statement shares: its scope (tenant, range, optional bot), the bot filter and number rounding.
import { Prisma } from "../db/generated/client";
import type { AnalyticsRange } from "./range";

export type Scope = { tenantId: string } & AnalyticsRange;

/**
 * The bot filter: a condition on a bot column, the conversation's or (a message carries its conversation's bot,
 * migration 20261204109000_message_bot) the message's own.
 */
export const botFilter = (s: Scope, col: string) =>
  s.botId ? Prisma.sql`AND ${Prisma.raw(col)} = ${s.botId}` : Prisma.empty;

export const num = (v: unknown) => (v == null ? null : Math.round(Number(v) * 100) / 100);
