import { db } from "../db/client";

/** Every tenant, oldest first (operator tools only: the CLI lists bots across tenants). */
export function listTenants() {
  return db().tenant.findMany({ select: { id: true, name: true, slug: true }, orderBy: { createdAt: "asc" } });
}

/** The user with this email, if any: addUserToTenant reuses such a user and keeps their name and password. */
export function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, name: true } });
}
