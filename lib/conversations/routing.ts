import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { onlineAgentIds, publishToAgents } from "../realtime";
import { log } from "../log";

export const routingModeSchema = z.enum(["auto", "queue"], { error: 'routingMode must be "auto" or "queue"' });
export type RoutingMode = z.infer<typeof routingModeSchema>;

export async function getRoutingMode(tenantId: string): Promise<RoutingMode> {
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { routingMode: true } });
  if (!t) throw new KefuError("not_found", "No such tenant");
  return t.routingMode === "queue" ? "queue" : "auto";
}

export async function setRoutingMode(tenantId: string, mode: RoutingMode) {
  await db().tenant.update({ where: { id: tenantId }, data: { routingMode: routingModeSchema.parse(mode) } });
  if (mode === "auto") await routeWaiting(tenantId);
  return mode;
}

// One routing pass at a time per tenant in this process, so two handoffs cannot both take an agent's last slot.
const g = globalThis as unknown as { __kefuRouting?: Map<string, Promise<unknown>> };
const chains = () => (g.__kefuRouting ??= new Map());
function serial<T>(tenantId: string, run: () => Promise<T>): Promise<T> {
  const prev = chains().get(tenantId) ?? Promise.resolve();
  // the previous run's failure was answered to its own caller: here it only must not stop this run
  const next = prev.catch(() => {}).then(run);
  chains().set(tenantId, next);
  // this run's failure goes to our caller through the promise returned below
  void next.finally(() => chains().get(tenantId) === next && chains().delete(tenantId)).catch(() => {});
  return next;
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/**
 * Live conversations (waiting or with an agent) each agent is holding now: a left message (the visitor wrote and
 * went, or fell silent while waiting) is answered later and does not take a slot.
 */
async function loads(tx: Tx | ReturnType<typeof db>, tenantId: string, userIds: string[]) {
  const rows = await tx.conversation.groupBy({
    by: ["assigneeId"],
    where: { tenantId, assigneeId: { in: userIds }, status: { in: ["waiting", "agent"] }, leftMessageAt: null },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.assigneeId!, r._count._all]));
}

/**
 * Auto-assignment (routing mode "auto"): each unassigned waiting conversation — just `conversationId`, or the whole
 * queue, oldest first — goes to the online agent of the tenant holding the fewest open conversations, as long as
 * that is under their max_chats. What finds no free agent stays in the queue until someone comes online or
 * finishes a conversation; after-hours handoffs are never auto-assigned. Answers the assignments made.
 */
export function routeWaiting(tenantId: string, conversationId?: string) {
  return serial(tenantId, async () => {
    if ((await getRoutingMode(tenantId)) !== "auto") return [];
    const online = await onlineAgentIds(tenantId);
    if (!online.length) return [];
    // one routing pass per tenant across all servers (a transaction-scoped advisory lock), so two servers routing
    // at once cannot both give an agent their last free slot
    const made = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"kefu-routing:" + tenantId}))`;
      const assigned: { conversationId: string; assigneeId: string }[] = [];
      // each agent's own limit (Team page); a deactivated member takes nothing even if a socket of theirs lingers
      const members = await tx.membership.findMany({
        where: { tenantId, userId: { in: online }, deactivatedAt: null },
        select: { userId: true, maxChats: true },
      });
      const held = await loads(
        tx,
        tenantId,
        members.map((m) => m.userId),
      );
      const queue = await tx.conversation.findMany({
        // after hours the visitor was asked to leave a message, and a left message is answered by email: those wait
        // for whoever picks them up
        where: {
          tenantId,
          status: "waiting",
          assigneeId: null,
          leftMessageAt: null,
          OR: [{ handoffReason: null }, { handoffReason: { notIn: ["after_hours", "left_message"] } }],
          ...(conversationId ? { id: conversationId } : {}),
        },
        select: { id: true },
        orderBy: { updatedAt: "asc" },
        take: 200,
      });
      for (const conv of queue) {
        const free = members
          .map((m) => ({ ...m, load: held.get(m.userId) ?? 0 }))
          .filter((m) => m.load < m.maxChats)
          .sort((a, b) => a.load - b.load || a.userId.localeCompare(b.userId));
        if (!free.length) break;
        const pick = free[0];
        // only if still unassigned and waiting: an agent may have claimed it meanwhile
        const { count } = await tx.conversation.updateMany({
          where: { id: conv.id, tenantId, status: "waiting", assigneeId: null },
          data: { assigneeId: pick.userId },
        });
        if (!count) continue;
        held.set(pick.userId, pick.load + 1);
        assigned.push({ conversationId: conv.id, assigneeId: pick.userId });
      }
      return assigned;
    });
    // agents only: the visitor's state did not change, and a repeated status could reset the widget's view of it
    for (const a of made)
      publishToAgents(tenantId, "status", {
        conversationId: a.conversationId,
        status: "waiting",
        assigneeId: a.assigneeId,
        assignedBy: "routing",
      });
    return made;
  });
}

/** The team and how many open conversations each holds, for the inbox's assign menu and the settings page. */
export async function teamLoad(tenantId: string) {
  const members = await db().membership.findMany({
    where: { tenantId, deactivatedAt: null },
    select: { userId: true, role: true, maxChats: true, user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  const held = await loads(
    db(),
    tenantId,
    members.map((m) => m.userId),
  );
  return members.map((m) => ({
    userId: m.userId,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    maxChats: m.maxChats,
    open: held.get(m.userId) ?? 0,
  }));
}

export const maxChatsSchema = z.object({
  userId: z.string().min(1).max(100),
  maxChats: z.number().int().min(0).max(100),
});

export async function setMaxChats(tenantId: string, input: z.infer<typeof maxChatsSchema>) {
  const { count } = await db().membership.updateMany({
    where: { tenantId, userId: input.userId },
    data: { maxChats: input.maxChats },
  });
  if (!count) throw new KefuError("not_found", "No such agent in your team");
  void routeWaiting(tenantId).catch((err) => log.error("routing failed", { tenantId, err }));
  return input;
}
