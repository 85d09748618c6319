// The team of a tenant as owners and admins manage it: members, roles, limits, deactivation (docs/team.md).
import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { hashPassword, randomPassword } from "../auth/password";
import { routeWaiting } from "../conversations/routing";
import { endMemberSessions } from "../realtime";
import { roleSchema, type Role } from ".";
import { createLink } from "./invitations";
import { log } from "../log";

export type Actor = { userId: string; role: Role };
export type MemberStatus = "active" | "pending" | "deactivated";

export const addMemberSchema = z.object({
  email: z.string().trim().toLowerCase().max(200).email("not a valid email address"),
  name: z.string().trim().min(1, "the name is empty").max(100, "at most 100 characters"),
  role: roleSchema,
  // "link": a one-time link where they choose a password; "password": one generated now and shown once
  access: z.enum(["link", "password"]).default("link"),
});

export const updateMemberSchema = z
  .object({
    role: roleSchema.optional(),
    maxChats: z.number().int().min(0).max(100).optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "give role, maxChats or active");

const memberSelect = {
  role: true,
  maxChats: true,
  deactivatedAt: true,
  lastSeenAt: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true, passwordHash: true } },
} as const;

type Row = {
  role: string;
  maxChats: number;
  deactivatedAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
  user: { id: string; email: string; name: string; passwordHash: string };
};

function shape(m: Row) {
  const status: MemberStatus = m.deactivatedAt ? "deactivated" : m.user.passwordHash ? "active" : "pending";
  return {
    id: m.user.id,
    email: m.user.email,
    name: m.user.name,
    role: m.role as Role,
    status,
    maxChats: m.maxChats,
    lastSeenAt: m.lastSeenAt,
    createdAt: m.createdAt,
  };
}
export type Member = ReturnType<typeof shape>;

export async function listTeam(tenantId: string): Promise<Member[]> {
  const rows = await db().membership.findMany({
    where: { tenantId },
    select: memberSelect,
    orderBy: { createdAt: "asc" },
  });
  return rows.map(shape);
}

/** A member of this tenant; another tenant's user answers exactly like one that does not exist. */
export async function getMember(tenantId: string, userId: string): Promise<Member> {
  const m = await db().membership.findFirst({ where: { tenantId, userId }, select: memberSelect });
  if (!m) throw new KefuError("not_found", "No such member in your team");
  return shape(m);
}

// Owners hold the keys to the whole workspace: an admin may neither create one nor act on one, or an admin could
// make themselves an owner, or reset an owner's password and sign in as them.
function mayManage(actor: Actor, targetRole: Role, newRole?: Role) {
  if (actor.role === "owner") return;
  if (actor.role !== "admin") throw new KefuError("forbidden", "Only owners and admins manage the team");
  if (targetRole === "owner" || newRole === "owner")
    throw new KefuError("forbidden", "Only an owner can make, change or deactivate owners");
}
export const checkMayManage = mayManage;

/** Adds a new user to the team with a one-time link or a generated password (each shown once). */
export async function addMember(tenantId: string, actor: Actor, raw: unknown) {
  const input = addMemberSchema.parse(raw);
  mayManage(actor, input.role, input.role);
  // an email already in use (here or in another workspace on this server) is refused rather than merged: joining
  // someone else's account to this team would let this team's admins act on it
  if (await db().user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new KefuError("email_taken", `${input.email} already has an account on this server`);
  }
  const password = input.access === "password" ? randomPassword() : undefined;
  const result = await db()
    .$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash: password ? await hashPassword(password) : "" },
        select: { id: true },
      });
      await tx.membership.create({ data: { tenantId, userId: user.id, role: input.role } });
      const link = password ? undefined : await createLink(tx, tenantId, user.id, "invite");
      return { userId: user.id, link };
    })
    .catch((err) => {
      if ((err as { code?: string }).code === "P2002")
        throw new KefuError("email_taken", `${input.email} already has an account on this server`);
      throw err;
    });
  return {
    member: await getMember(tenantId, result.userId),
    ...(result.link ? { link: result.link } : {}),
    ...(password ? { password } : {}),
  };
}

/** Active owners other than `userId`: the last one cannot be demoted or deactivated, or nobody could manage the team. */
async function otherOwners(tenantId: string, userId: string) {
  return db().membership.count({ where: { tenantId, role: "owner", deactivatedAt: null, userId: { not: userId } } });
}

export async function updateMember(tenantId: string, actor: Actor, userId: string, raw: unknown) {
  const patch = updateMemberSchema.parse(raw);
  const target = await getMember(tenantId, userId);
  if (patch.role !== undefined || patch.active !== undefined) mayManage(actor, target.role, patch.role);
  const losesOwner =
    target.role === "owner" &&
    target.status !== "deactivated" &&
    ((patch.role && patch.role !== "owner") || patch.active === false);
  if (losesOwner && (await otherOwners(tenantId, userId)) === 0) {
    throw new KefuError("last_owner", "This is the workspace's last owner: make someone else an owner first");
  }
  if (patch.active === false && userId === actor.userId)
    throw new KefuError("forbidden", "You cannot deactivate yourself");
  const deactivate = patch.active === false && target.status !== "deactivated";
  await db().$transaction(async (tx) => {
    await tx.membership.updateMany({
      where: { tenantId, userId },
      data: {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.maxChats !== undefined ? { maxChats: patch.maxChats } : {}),
        ...(patch.active === true ? { deactivatedAt: null } : {}),
        ...(deactivate ? { deactivatedAt: new Date() } : {}),
      },
    });
    if (!deactivate) return;
    // the sessions they hold end now: every token issued before carries the old version
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await tx.invitation.deleteMany({ where: { tenantId, userId, usedAt: null } });
    // what was waiting for them goes back to the shared queue instead of waiting for someone who will not come
    await tx.conversation.updateMany({
      where: { tenantId, assigneeId: userId, status: "waiting" },
      data: { assigneeId: null },
    });
  });
  if (deactivate) {
    endMemberSessions(tenantId, userId);
    void routeWaiting(tenantId).catch((err) => log.error("routing failed", { tenantId, err }));
  } else if (patch.maxChats !== undefined || patch.active === true) {
    // a higher limit or a colleague back may take what waits
    void routeWaiting(tenantId).catch((err) => log.error("routing failed", { tenantId, err }));
  }
  return getMember(tenantId, userId);
}

/** Sign-in or an inbox connection; written at most once a minute per member. */
export function touchLastSeen(tenantId: string, userId: string) {
  const now = new Date();
  void db()
    .membership.updateMany({
      where: { tenantId, userId, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastSeenAt: now },
    })
    .catch((err) => log.error("recording last seen failed", { tenantId, err }));
}
