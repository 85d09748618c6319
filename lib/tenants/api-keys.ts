import { db } from "../db/client";
import { hashApiKey, newApiKey } from "../auth/tokens";

/** Creates an API key for the tenant; the key itself is returned once and only its hash is stored. */
export async function createApiKey(tenantId: string, name: string) {
  const { key, prefix, hash } = newApiKey();
  const row = await db().apiKey.create({
    data: { tenantId, name, prefix, hash },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, key };
}

export async function tenantOfApiKey(key: string): Promise<string | undefined> {
  const row = await db().apiKey.findUnique({ where: { hash: hashApiKey(key) }, select: { id: true, tenantId: true, revokedAt: true } });
  if (!row || row.revokedAt) return undefined;
  // best effort: a missed "last used" time must not fail the request the key authenticated
  void db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return row.tenantId;
}

export function listApiKeys(tenantId: string) {
  return db().apiKey.findMany({
    where: { tenantId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}
