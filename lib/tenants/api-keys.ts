import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { hashApiKey, newApiKey } from "../auth/tokens";

export const apiKeyLabelSchema = z.object({
  label: z.string().trim().min(1, "the label is empty").max(100, "at most 100 characters"),
});

/** Creates an API key for the tenant; the key itself is returned once and only its hash is stored. */
export async function createApiKey(tenantId: string, name: string) {
  const { key, prefix, hash } = newApiKey();
  const row = await db().apiKey.create({
    data: { tenantId, name, prefix, hash },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, key };
}

// When this server last wrote a key's last use: the column is for people ("used 3 minutes ago"), so writing it once
// a minute keeps a busy integration from turning every request into a write.
const g = globalThis as unknown as { __kefuKeyUse?: Map<string, number> };
const written = () => (g.__kefuKeyUse ??= new Map());

/** The tenant a key belongs to. Read on every request, never cached: a revoked key is refused on the very next one. */
export async function tenantOfApiKey(key: string): Promise<string | undefined> {
  return (await apiKeyOf(key))?.tenantId;
}

/** The working key with this secret: its id and tenant. */
export async function apiKeyOf(key: string): Promise<{ id: string; tenantId: string } | undefined> {
  const row = await db().apiKey.findUnique({ where: { hash: hashApiKey(key) }, select: { id: true, tenantId: true, revokedAt: true } });
  if (!row || row.revokedAt) return undefined;
  const now = Date.now();
  if (now - (written().get(row.id) ?? 0) >= 60_000) {
    written().set(row.id, now);
    void db()
      .apiKey.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - 60_000) } }] }, data: { lastUsedAt: new Date(now) } })
      .catch(() => {});
  }
  return { id: row.id, tenantId: row.tenantId };
}

/** The tenant's keys that still work, newest first (the key itself is never shown again: only its prefix). */
export function listApiKeys(tenantId: string) {
  return db().apiKey.findMany({
    where: { tenantId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Revokes a key of this tenant: the next request with it answers 401. Another tenant's key answers like a missing
 * one. `usedBy` is the key making the request (REST): a caller cannot saw off the branch it sits on by mistake.
 */
export async function revokeApiKey(tenantId: string, id: string, usedBy?: string) {
  if (usedBy === id) throw new KefuError("conflict", "This is the key making this request: revoke it with another key, on the API keys page or with kefu apikey revoke");
  const { count } = await db().apiKey.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (!count) throw new KefuError("not_found", "No such API key (or it was revoked already)");
  return { id, revoked: true };
}
