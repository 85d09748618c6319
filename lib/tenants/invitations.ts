// One-time links that set a member's password: an invitation to join, or a password reset (docs/team.md).
import crypto from "node:crypto";
import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { hashPassword, randomPassword } from "../auth/password";
import { endMemberSessions } from "../realtime";
import type { Role } from ".";
import { checkMayManage, getMember, type Actor } from "./team";

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];
export type LinkPurpose = "invite" | "reset";

// long enough to reach someone over a weekend, short enough that a forwarded old email is useless
const LINK_HOURS: Record<LinkPurpose, number> = { invite: 72, reset: 24 };
const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Makes a new link for the member and withdraws their older ones; the token exists only in the answer. */
export async function createLink(tx: Tx, tenantId: string, userId: string, purpose: LinkPurpose) {
  await tx.invitation.deleteMany({ where: { tenantId, userId, usedAt: null } });
  const token = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + LINK_HOURS[purpose] * 3600_000);
  await tx.invitation.create({ data: { tenantId, userId, tokenHash: hash(token), purpose, expiresAt } });
  return { path: `/invite/${token}`, expiresAt };
}

export const resetSchema = z.object({ access: z.enum(["link", "password"]).default("link") });

/**
 * Resets a member's password: the old one stops working and their sessions end at once; they get a new one-time
 * link or a generated password, shown once.
 */
export async function resetPassword(tenantId: string, actor: Actor, userId: string, raw: unknown) {
  const { access } = resetSchema.parse(raw);
  const target = await getMember(tenantId, userId);
  checkMayManage(actor, target.role);
  if (target.status === "deactivated")
    throw new KefuError("bad_request", "Reactivate this member before resetting their password");
  // a password belongs to the person, not to one workspace: an admin here must not take over a login another
  // workspace relies on
  const elsewhere = await db().membership.count({ where: { userId, tenantId: { not: tenantId } } });
  if (elsewhere)
    throw new KefuError(
      "forbidden",
      "This person also belongs to another workspace: the server operator resets their password (kefu user reset-password)",
    );
  return resetAnyPassword(tenantId, userId, access);
}

/** The reset itself, without the team's rules (the CLI: the server's operator). */
export async function resetAnyPassword(tenantId: string, userId: string, access: "link" | "password") {
  const password = access === "password" ? randomPassword() : undefined;
  const link = await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash: password ? await hashPassword(password) : "", sessionVersion: { increment: 1 } },
    });
    return password ? undefined : createLink(tx, tenantId, userId, "reset");
  });
  endMemberSessions(tenantId, userId);
  return { member: await getMember(tenantId, userId), ...(link ? { link } : {}), ...(password ? { password } : {}) };
}

async function openLink(token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const row = await db().invitation.findUnique({
    where: { tokenHash: hash(token) },
    select: {
      id: true,
      tenantId: true,
      userId: true,
      purpose: true,
      usedAt: true,
      expiresAt: true,
      tenant: { select: { name: true } },
      user: {
        select: {
          email: true,
          name: true,
          memberships: { select: { tenantId: true, deactivatedAt: true, role: true } },
        },
      },
    },
  });
  if (!row || row.usedAt || row.expiresAt < new Date()) return undefined;
  const m = row.user.memberships.find((x) => x.tenantId === row.tenantId);
  if (!m || m.deactivatedAt) return undefined;
  return { ...row, role: m.role as Role };
}

/** What the invitation page shows: whose link it is and for which workspace; undefined when it cannot be used. */
export async function linkInfo(token: string) {
  const row = await openLink(token);
  return (
    row && {
      email: row.user.email,
      name: row.user.name,
      tenant: row.tenant.name,
      purpose: row.purpose as LinkPurpose,
      role: row.role,
    }
  );
}

export const acceptSchema = z.object({
  password: z.string().min(8, "at least 8 characters").max(200, "at most 200 characters"),
});

/** Sets the password once: a second use of the link, or one used after it expired, changes nothing. */
export async function acceptLink(token: string, raw: unknown) {
  const { password } = acceptSchema.parse(raw);
  const row = await openLink(token);
  const gone = new KefuError("link_expired", "This link has expired or was already used: ask your admin for a new one");
  if (!row) throw gone;
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    // the link is spent in the same statement that checks it, so two submissions cannot both use it
    const { count } = await tx.invitation.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (!count) throw gone;
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  });
  return { email: row.user.email };
}
