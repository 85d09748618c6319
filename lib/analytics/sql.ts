// What every analytics statement shares: its scope (tenant, range, optional bot), the bot filter and number rounding.
import { Prisma } from "../db/generated/client";
import type { AnalyticsRange } from "./range";

export type Scope = { tenantId: string } & AnalyticsRange;

/** The bot filter on a statement that reads conversations: a condition on the conversation's bot column. */
export const botFilter = (s: Scope, col: string) =>
  s.botId ? Prisma.sql`AND ${Prisma.raw(col)} = ${s.botId}` : Prisma.empty;

/**
 * The bot filter on a statement over messages alone: their conversation is one of the bot's. Without a filter the
 * messages are not joined to their conversations at all: a message's tenant_id is its conversation's, so the
 * tenant condition on messages is the whole scope.
 */
export const ofBot = (s: Scope, col: string) =>
  s.botId
    ? Prisma.sql`AND ${Prisma.raw(col)} IN (SELECT id FROM conversations WHERE tenant_id = ${s.tenantId} AND bot_id = ${s.botId})`
    : Prisma.empty;

export const num = (v: unknown) => (v == null ? null : Math.round(Number(v) * 100) / 100);
