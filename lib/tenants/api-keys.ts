import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { newApiKey } from "../auth/tokens";

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

export { apiKeyOf, tenantOfApiKey } from "../auth/identity";

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
  if (usedBy === id)
    throw new KefuError(
      "conflict",
      "This is the key making this request: revoke it with another key, on the API keys page or with kefu apikey revoke",
    );
  const { count } = await db().apiKey.updateMany({
    where: { id, tenantId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (!count) throw new KefuError("not_found", "No such API key (or it was revoked already)");
  return { id, revoked: true };
}
