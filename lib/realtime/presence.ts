// Agent presence, held in this server's memory and tied to socket connections: an agent is online while one of
// their inbox sockets says so, away while one says away, offline when none is connected. Several servers each know
// only their own sockets (see docs/inbox.md); that is enough for routing, which runs where the agent is connected.
export type PresenceStatus = "online" | "away";
export type AgentPresence = { userId: string; name: string; status: PresenceStatus | "offline" };

type Agent = { name: string; sockets: Map<string, PresenceStatus> };
const g = globalThis as unknown as { __kefuPresence?: Map<string, Map<string, Agent>> };
const tenants = () => (g.__kefuPresence ??= new Map());

function statusOf(a: Agent | undefined): AgentPresence["status"] {
  if (!a || a.sockets.size === 0) return "offline";
  return [...a.sockets.values()].includes("online") ? "online" : "away";
}

/** Sets one socket's presence; answers the agent's status before and after. */
export function setPresence(tenantId: string, user: { userId: string; name: string }, socketId: string, status: PresenceStatus) {
  const agents = tenants().get(tenantId) ?? new Map<string, Agent>();
  tenants().set(tenantId, agents);
  const agent = agents.get(user.userId) ?? { name: user.name, sockets: new Map() };
  agents.set(user.userId, agent);
  const before = statusOf(agent);
  agent.sockets.set(socketId, status);
  return { before, after: statusOf(agent) };
}

/** A socket went away; answers the agent's status before and after (unchanged when the socket never set one). */
export function dropPresence(tenantId: string, userId: string, socketId: string) {
  const agent = tenants().get(tenantId)?.get(userId);
  const before = statusOf(agent);
  if (!agent) return { before, after: before };
  agent.sockets.delete(socketId);
  if (agent.sockets.size === 0) tenants().get(tenantId)?.delete(userId);
  return { before, after: statusOf(agent) };
}

export function presenceOf(tenantId: string, userId: string): AgentPresence["status"] {
  return statusOf(tenants().get(tenantId)?.get(userId));
}

export function listPresence(tenantId: string): AgentPresence[] {
  return [...(tenants().get(tenantId) ?? new Map<string, Agent>()).entries()].map(([userId, a]) => ({ userId, name: a.name, status: statusOf(a) }));
}

export function onlineAgentIds(tenantId: string): string[] {
  return listPresence(tenantId).filter((a) => a.status === "online").map((a) => a.userId);
}
