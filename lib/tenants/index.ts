import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { hashPassword } from "../auth/password";
import { roleSchema } from "../auth/identity";

// who a user or key is (role, sign-in, membership, key lookup) belongs to lib/auth, which resolves every caller
export { authenticate, membershipOf, roleSchema, type Role } from "../auth/identity";

export const tenantInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, "use 2–41 lower-case letters, digits and dashes"),
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

export function listMembers(tenantId: string) {
  return db().membership.findMany({
    where: { tenantId },
    select: { role: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
}
