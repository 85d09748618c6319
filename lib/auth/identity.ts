// Who is calling, as stored: roles, password sign-in, a user's membership of a tenant, the tenant of an API key.
// Kept in lib/auth (not lib/tenants) because the caller resolver needs them and must not depend on a domain;
// lib/tenants re-exports them under their old names.
import { z } from "zod";
import { db } from "../db/client";
import { verifyPassword } from "./password";
import { hashApiKey } from "./tokens";

export const roleSchema = z.enum(["owner", "admin", "agent"]);
export type Role = z.infer<typeof roleSchema>;

/** Checks an email and password; returns the user with their first membership, or undefined. */
export async function authenticate(email: string, password: string) {
  const user = await db().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      memberships: { select: { tenantId: true, role: true }, orderBy: { createdAt: "asc" }, take: 1 },
    },
  });
  if (!user || !(await verifyPassword(password, user.passwordHash))) return undefined;
  const m = user.memberships[0];
  if (!m) return undefined;
  return { id: user.id, email: user.email, name: user.name, tenantId: m.tenantId, role: m.role as Role };
}

/** The role a user holds in a tenant now (roles can change after sign-in). */
export async function membershipOf(userId: string, tenantId: string) {
  const m = await db().membership.findUnique({
    where: { tenantId_userId: { tenantId, userId } },
    select: { role: true, user: { select: { id: true, email: true, name: true } } },
  });
  return m ? { ...m.user, role: m.role as Role, tenantId } : undefined;
}

export async function tenantOfApiKey(key: string): Promise<string | undefined> {
  const row = await db().apiKey.findUnique({ where: { hash: hashApiKey(key) }, select: { id: true, tenantId: true, revokedAt: true } });
  if (!row || row.revokedAt) return undefined;
  // best effort: a missed "last used" time must not fail the request the key authenticated
  void db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return row.tenantId;
}
