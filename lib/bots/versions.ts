import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import type { Bot } from ".";
import { behaviourOf, diffBehaviour, type Behaviour } from "./behaviour";

export type VersionAction = "created" | "updated" | "duplicated" | "rolled_back" | "published";
/** Who made a change (a user's name, "API key", "CLI") and how; a rollback names the version it went back to. */
export type VersionNote = { author: string; action: VersionAction; sourceNumber?: number };

const versionSelect = {
  id: true,
  number: true,
  action: true,
  changed: true,
  sourceNumber: true,
  authorName: true,
  createdAt: true,
} as const;

async function latest(tenantId: string, botId: string) {
  return db().botVersion.findFirst({
    where: { tenantId, botId },
    orderBy: { number: "desc" },
    select: { number: true, config: true },
  });
}

/**
 * Stores the bot's behaviour as its next version, with the fields that changed since the last one. A save that
 * changed nothing makes no version (a rollback or publish always does: the history must show it).
 */
export async function recordVersion(tenantId: string, bot: Bot, note: VersionNote) {
  const config = behaviourOf(bot);
  // two saves at once both read the same last number: the loser of the unique (bot, number) index tries again
  for (let attempt = 0; ; attempt++) {
    const last = await latest(tenantId, bot.id);
    const changed = last ? diffBehaviour(last.config as Partial<Behaviour>, config).map((c) => c.field) : [];
    if (last && changed.length === 0 && note.action === "updated") return undefined;
    try {
      return await db().botVersion.create({
        data: {
          tenantId,
          botId: bot.id,
          number: (last?.number ?? 0) + 1,
          config: config as object,
          changed,
          action: last ? note.action : note.action === "updated" ? "created" : note.action,
          sourceNumber: note.sourceNumber ?? null,
          authorName: note.author.slice(0, 200),
        },
        select: versionSelect,
      });
    } catch (err) {
      if ((err as { code?: string }).code !== "P2002" || attempt >= 3) throw err;
    }
  }
}

/** A bot saved before versions existed gets its current behaviour as version 1 before its first change. */
export async function ensureFirstVersion(tenantId: string, bot: Bot) {
  if (await latest(tenantId, bot.id)) return;
  await recordVersion(tenantId, bot, { author: "system", action: "created" });
}

export type BotVersion = NonNullable<Awaited<ReturnType<typeof recordVersion>>>;

/** A bot's history, newest first. The caller has checked the bot is the tenant's. */
export async function listVersions(tenantId: string, botId: string) {
  return db().botVersion.findMany({
    where: { tenantId, botId },
    orderBy: { number: "desc" },
    select: versionSelect,
    take: 500,
  });
}

/** One version with its behaviour; another tenant's or another bot's version id answers like a missing one. */
export async function getVersion(tenantId: string, botId: string, versionId: string) {
  const v = await db().botVersion.findFirst({
    where: { id: versionId, tenantId, botId },
    select: { ...versionSelect, config: true },
  });
  if (!v) throw new KefuError("not_found", "No such version of this bot");
  return { ...v, config: v.config as Behaviour };
}

/** What changed from one version to another, field by field. */
export async function compareVersions(tenantId: string, botId: string, fromId: string, toId: string) {
  const [from, to] = await Promise.all([getVersion(tenantId, botId, fromId), getVersion(tenantId, botId, toId)]);
  return { from: from.number, to: to.number, changes: diffBehaviour(from.config, to.config) };
}

export const compareQuerySchema = z.object({
  from: z.string({ error: "from (a version id) is missing" }).min(1).max(100),
  to: z.string({ error: "to (a version id) is missing" }).min(1).max(100),
});
