// Agent presence, tied to socket connections: an agent is online while one of their inbox sockets says so, away
// while one says away, offline when none is connected. Each socket carries its own status in `socket.data`, so
// with several servers (Redis adapter) the whole team's presence is read across servers with fetchSockets; the
// local map only tells this server when an agent's status changed because of one of its own sockets.
import { io } from "./socket-io";
import { rooms } from "./rooms";

export type PresenceStatus = "online" | "away";
export type AgentPresence = { userId: string; name: string; status: PresenceStatus | "offline" };

type Agent = { name: string; sockets: Map<string, PresenceStatus> };
const g = globalThis as unknown as { __kefuPresence?: Map<string, Map<string, Agent>> };
const tenants = () => (g.__kefuPresence ??= new Map());

const combine = (statuses: Iterable<PresenceStatus>): AgentPresence["status"] => {
  const all = [...statuses];
  return all.length === 0 ? "offline" : all.includes("online") ? "online" : "away";
};
const statusOf = (a: Agent | undefined) => combine(a?.sockets.values() ?? []);

/** Sets one socket's presence; answers the agent's status (on this server) before and after. */
export function setPresence(
  tenantId: string,
  user: { userId: string; name: string },
  socketId: string,
  status: PresenceStatus,
) {
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

type SocketData = { agent?: { userId: string; name: string }; presence?: PresenceStatus };

/** The tenant's agents with a presence, from every server's sockets (this server's alone without an adapter). */
export async function listPresence(tenantId: string): Promise<AgentPresence[]> {
  const server = io();
  const byUser = new Map<string, { name: string; statuses: PresenceStatus[] }>();
  if (server) {
    const sockets = await server.of("/agent").in(rooms.agents(tenantId)).fetchSockets();
    for (const s of sockets) {
      const d = s.data as SocketData;
      if (!d?.agent || !d.presence) continue;
      const entry = byUser.get(d.agent.userId) ?? { name: d.agent.name, statuses: [] };
      entry.statuses.push(d.presence);
      byUser.set(d.agent.userId, entry);
    }
  } else {
    for (const [userId, a] of tenants().get(tenantId) ?? [])
      byUser.set(userId, { name: a.name, statuses: [...a.sockets.values()] });
  }
  return [...byUser].map(([userId, e]) => ({ userId, name: e.name, status: combine(e.statuses) }));
}

export async function onlineAgentIds(tenantId: string): Promise<string[]> {
  return (await listPresence(tenantId)).filter((a) => a.status === "online").map((a) => a.userId);
}
