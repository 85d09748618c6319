// The socket protocol's event names come from one module (widget/socket-events.ts), shared by the server, the widget
// and the inbox. The compiler checks that every side only uses listed names; this checks the other way round on a
// real server: every listed request is answered (no name the clients may send falls on deaf ears), and an unlisted
// one is not.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { disconnectDb } from "../lib/db/client";
import { agentRequests, visitorRequests } from "../widget/socket-events";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck } from "./helpers/sockets";

// the widget's fire-and-forget requests (typing indicator, read mark, page view) and the monitoring subscription
const withoutAck = new Set(["typing", "read", "page", "metrics:subscribe"]);
const answerOf = (res: unknown) =>
  res && typeof res === "object" && "ok" in res ? typeof (res as { ok: unknown }).ok : "no answer";

let t: Awaited<ReturnType<typeof makeTenant>>;
let agent: Socket;
let visitor: Socket;

before(async () => {
  t = await makeTenant("events");
  agent = await connectAgent(await signInCookie(t.admin.email, t.admin.password));
  ({ socket: visitor } = await connectVisitor({ key: t.bot.publicKey }));
});

after(async () => {
  agent?.close();
  visitor?.close();
  await disconnectDb();
});

test("every /agent request in the shared list is answered with an ack (ok or a named error)", async () => {
  for (const name of agentRequests.filter((n) => n !== "metrics:subscribe")) {
    const res = await emitAck(agent, name, {}, 5_000).catch((err: Error) => err.message);
    assert.equal(answerOf(res), "boolean", `/agent "${name}" was not answered: ${JSON.stringify(res)}`);
  }
});

test("every /visitor request in the shared list that takes an ack is answered", async () => {
  for (const name of visitorRequests.filter((n) => !withoutAck.has(n))) {
    const res = await emitAck(visitor, name, {}, 5_000).catch((err: Error) => err.message);
    assert.equal(answerOf(res), "boolean", `/visitor "${name}" was not answered: ${JSON.stringify(res)}`);
  }
});

test("a request that is not in the shared list gets no answer", async () => {
  const res = await emitAck(agent, "conversations:lst", {}, 1_500).catch(() => "timeout");
  assert.equal(res, "timeout");
});
