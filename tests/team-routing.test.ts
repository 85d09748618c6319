// The team's changes reach routing: an agent's own limit set on the Team page, and a deactivated agent's waiting
// conversations going to someone who is there.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import type { Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, waitFor } from "./helpers/sockets";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
const sockets: Socket[] = [];
after(async () => {
  for (const s of sockets) s.close();
  await disconnectDb();
});

const patch = (cookie: string, userId: string, body: unknown) =>
  fetch(`${testEnv.url}/api/admin/team/${userId}`, {
    method: "PATCH",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function onlineAgent(t: Fixture, name: string) {
  const user = await addUserToTenant(t.tenant.id, {
    email: `${name.toLowerCase()}-${t.tenant.slug}@kefu.test`,
    name,
    password: "agent-password",
    role: "agent",
  });
  const socket = await connectAgent(await signInCookie(user.email, "agent-password"));
  sockets.push(socket);
  await emitAck(socket, "presence:set", { status: "online" });
  return { socket, id: user.id };
}

async function handOff(t: Fixture) {
  const { socket } = await connectVisitor({ key: t.bot.publicKey });
  sockets.push(socket);
  const waiting = waitFor(socket, "status", (s: { status: string }) => s.status === "waiting", 60_000);
  const ack = await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: "人工" });
  await waiting;
  return ack.conversationId as string;
}

const assignee = async (id: string) =>
  (await db().conversation.findUniqueOrThrow({ where: { id }, select: { assigneeId: true } })).assigneeId;

test("the limit set on the Team page holds an agent's load; deactivating them hands their waiting conversation to a colleague", async () => {
  const t = await makeTenant("team-route");
  const admin = await signInCookie(t.admin.email, t.admin.password);
  const ann = await onlineAgent(t, "Ann");
  assert.equal((await patch(admin, ann.id, { maxChats: 1 })).status, 200);

  const first = await handOff(t);
  await waitFor(
    ann.socket,
    "status",
    (p: { conversationId: string; assigneeId?: string }) => p.conversationId === first && p.assigneeId === ann.id,
    20_000,
  );
  const second = await handOff(t);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await assignee(second), null, "Ann's own limit of 1 is full: the second waits in the queue");

  const bob = await onlineAgent(t, "Bob");
  await waitFor(
    bob.socket,
    "status",
    (p: { conversationId: string; assigneeId?: string }) => p.conversationId === second && p.assigneeId === bob.id,
    20_000,
  );
  assert.equal((await patch(admin, bob.id, { maxChats: 2 })).status, 200);

  const handedOver = waitFor(
    bob.socket,
    "status",
    (p: { conversationId: string; assigneeId?: string }) => p.conversationId === first && p.assigneeId === bob.id,
    20_000,
  );
  assert.equal((await patch(admin, ann.id, { active: false })).status, 200);
  await handedOver;
  assert.equal(await assignee(first), bob.id);
});
