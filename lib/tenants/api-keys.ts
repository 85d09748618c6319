import { db } from "../db/client";
import { newApiKey } from "../auth/tokens";

/** Creates an API key for the tenant; the key itself is returned once and only its hash is stored. */
export async function createApiKey(tenantId: string, name: string) {
  const { key, prefix, hash } = newApiKey();
  const row = await db().apiKey.create({
    data: { tenantId, name, prefix, hash },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, key };
}

export { tenantOfApiKey } from "../auth/identity";

export function listApiKeys(tenantId: string) {
  return db().apiKey.findMany({
    where: { tenantId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}
