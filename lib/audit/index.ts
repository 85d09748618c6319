// The audit log: who did what to the workspace, when and from where. Rows are only ever inserted here; the table
// refuses UPDATE, DELETE and TRUNCATE by a trigger (migration 20261203153000_privacy_audit), so neither an API nor
// retention nor erasure can rewrite what it recorded.
import os from "node:os";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";

/** Who acted: a signed-in user, an API key or the operator's command line, and the address it came from. */
export type AuditActor = { id: string; label: string; address?: string | null };

/**
 * The command line acts as the server's operator, with no Kefu account: the row names the operating-system account
 * and machine that ran it (operator@host), so an owner can tell which person at which server made the change.
 */
export function cliActor(): AuditActor {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // a container user with no passwd entry has no name: its numeric id still says who it was
    user = `uid ${process.getuid?.() ?? "?"}`;
  }
  return { id: "kefu-cli", label: `${user}@${os.hostname()}`, address: "command line" };
}

export async function recordAudit(
  tenantId: string,
  actor: AuditActor,
  action: string,
  target: string | null,
  diff?: unknown,
) {
  await db().auditEvent.create({
    data: {
      tenantId,
      actorId: actor.id,
      actorLabel: actor.label,
      address: actor.address ?? null,
      action,
      target,
      diff: diff === undefined ? undefined : (diff as Prisma.InputJsonValue),
    },
    select: { id: true },
  });
}

/** A change to the whole installation (encryption keys, a backup or restore): one row in every workspace's log. */
export async function recordAuditEverywhere(actor: AuditActor, action: string, diff?: unknown) {
  const tenants = await db().tenant.findMany({ select: { id: true } });
  for (const t of tenants) await recordAudit(t.id, actor, action, null, diff);
  return tenants.length;
}

export type AuditFilter = { actor?: string; action?: string; from?: Date; to?: Date; take?: number };

/** The Audit page: newest first, filtered by actor (id or label), action prefix and date range. */
export function listAudit(tenantId: string, f: AuditFilter = {}) {
  return db().auditEvent.findMany({
    where: {
      tenantId,
      ...(f.actor
        ? { OR: [{ actorId: f.actor }, { actorLabel: { contains: f.actor, mode: "insensitive" as const } }] }
        : {}),
      ...(f.action ? { action: { startsWith: f.action } } : {}),
      ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(f.take ?? 200, 1000),
    select: {
      id: true,
      actorId: true,
      actorLabel: true,
      action: true,
      target: true,
      diff: true,
      address: true,
      createdAt: true,
    },
  });
}
