import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { hashPassword, verifyPassword } from "../auth/password";
import { verifyAgainstDummy } from "../auth/password-dummy";

export const roleSchema = z.enum(["owner", "admin", "agent"]);
export type Role = z.infer<typeof roleSchema>;

export const tenantInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, "use 2–41 lower-case letters, digits and dashes"),
});

export async function createTenant(input: z.infer<typeof tenantInputSchema>) {
  const data = tenantInputSchema.parse(input);
  if (await db().tenant.findUnique({ where: { slug: data.slug }, select: { id: true } })) {
    throw new KefuError("conflict", `A tenant with the slug "${data.slug}" already exists`);
  }
  return db().tenant.create({ data, select: { id: true, name: true, slug: true, createdAt: true } });
}

export function getTenantBySlug(slug: string) {
  return db().tenant.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } });
}

export function getTenant(tenantId: string) {
  return db().tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, slug: true } });
}

export const userInputSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(8, "the password needs at least 8 characters").max(200),
  role: roleSchema,
});

/** Creates the user (or reuses one with that email) and makes them a member of the tenant with the role. */
export async function addUserToTenant(tenantId: string, input: z.infer<typeof userInputSchema>) {
  const data = userInputSchema.parse(input);
  const existing = await db().user.findUnique({ where: { email: data.email }, select: { id: true } });
  const user =
    existing ??
    (await db().user.create({
      data: { email: data.email, name: data.name, passwordHash: await hashPassword(data.password) },
      select: { id: true },
    }));
  await db().membership.upsert({
    where: { tenantId_userId: { tenantId, userId: user.id } },
    create: { tenantId, userId: user.id, role: data.role },
    update: { role: data.role },
  });
  return { id: user.id, email: data.email, name: data.name, role: data.role, tenantId };
}

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
  // an unknown email costs the same hash as a known one, or the time to refuse would tell which accounts exist
  if (!user) return void (await verifyAgainstDummy(password));
  if (!(await verifyPassword(password, user.passwordHash))) return undefined;
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

export function listMembers(tenantId: string) {
  return db().membership.findMany({
    where: { tenantId },
    select: { role: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
}
