import crypto from "node:crypto";
import { db } from "../db/client";

/**
 * A new widget visitor gets an id (in their signed token) but no row: bots, crawlers and people who never type would
 * otherwise leave one row per page view. The row is written when they first do something worth keeping.
 */
export const newVisitorId = () => crypto.randomUUID();

/** Writes the visitor's row if it is not there yet (any number of tabs or servers may race to do it). */
export async function storeVisitor(
  tenantId: string,
  visitorId: string,
  seen: { lastPage?: string; userAgent?: string; language?: "en" | "zh-CN" },
) {
  await db().visitor.createMany({
    data: [
      {
        id: visitorId,
        tenantId,
        lastSeenAt: new Date(),
        lastPage: seen.lastPage ?? null,
        userAgent: seen.userAgent?.slice(0, 500) ?? null,
        language: seen.language ?? null,
      },
    ],
    skipDuplicates: true,
  });
}
