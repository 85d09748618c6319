// Who is calling, as stored: roles, password sign-in, a user's membership of a tenant, the tenant of an API key.
// Kept in lib/auth (not lib/tenants) because the caller resolver needs them and must not depend on a domain;
// lib/tenants re-exports them under their old names.
import { z } from "zod";
import { db } from "../db/client";
import { verifyPassword } from "./password";
import { verifyAgainstDummy } from "./password-dummy";
import { hashApiKey } from "./tokens";

export const roleSchema = z.enum(["owner", "admin", "agent"]);
export type Role = z.infer<typeof roleSchema>;

/** Checks an email and password; returns the user with their first active membership, or undefined. */
export async function authenticate(email: string, password: string) {
  const user = await db().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      sessionVersion: true,
      memberships: {
        where: { deactivatedAt: null },
        select: { id: true, tenantId: true, role: true },
        orderBy: { createdAt: "asc" },
        take: 1,
      },
    },
  });
  // an unknown email costs the same hash as a known one, or the time to refuse would tell which accounts exist
  if (!user) return void (await verifyAgainstDummy(password));
  // an invited user who has not chosen a password yet has an empty hash, which matches nothing
  if (!(await verifyPassword(password, user.passwordHash))) return undefined;
  const m = user.memberships[0];
  if (!m) return undefined;
  await db().membership.update({ where: { id: m.id }, data: { lastSeenAt: new Date() } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    tenantId: m.tenantId,
    role: m.role as Role,
    sessionVersion: user.sessionVersion,
  };
}

/** The role an active member holds in a tenant now (roles can change after sign-in); a deactivated one has none. */
export async function membershipOf(userId: string, tenantId: string) {
  const m = await db().membership.findUnique({
    where: { tenantId_userId: { tenantId, userId } },
    select: {
      role: true,
      deactivatedAt: true,
      user: { select: { id: true, email: true, name: true, sessionVersion: true } },
    },
  });
  if (!m || m.deactivatedAt) return undefined;
  const { sessionVersion, ...user } = m.user;
  return { ...user, role: m.role as Role, tenantId, sessionVersion };
}

// When this server last wrote a key's last use: the column is for people ("used 3 minutes ago"), so writing it once
// a minute keeps a busy integration from turning every request into a write.
const g = globalThis as unknown as { __kefuKeyUse?: Map<string, number> };
const written = () => (g.__kefuKeyUse ??= new Map());

/** The working key with this secret: its id and tenant. Read on every request, never cached: a revoked key is
 * refused on the very next one. */
export async function apiKeyOf(key: string): Promise<{ id: string; tenantId: string } | undefined> {
  const row = await db().apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: { id: true, tenantId: true, revokedAt: true },
  });
  if (!row || row.revokedAt) return undefined;
  const now = Date.now();
  if (now - (written().get(row.id) ?? 0) >= 60_000) {
    written().set(row.id, now);
    void db()
      .apiKey.updateMany({
        where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - 60_000) } }] },
        data: { lastUsedAt: new Date(now) },
      })
      .catch(() => {
        /* best effort: a missed "last used" time must not fail the request the key authenticated */
      });
  }
  return { id: row.id, tenantId: row.tenantId };
}

export async function tenantOfApiKey(key: string): Promise<string | undefined> {
  return (await apiKeyOf(key))?.tenantId;
}
