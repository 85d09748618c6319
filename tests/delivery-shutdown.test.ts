import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { StubbornVisitor } from "./helpers/delivery-client";
import { startKefu } from "./helpers/server-process";

after(() => disconnectDb());

test("SIGTERM: the answer being streamed finishes, clients get a reconnect hint, then reconnect by themselves once the server is back", async () => {
  const t = await makeTenant("shutdown");
  await db().bot.update({ where: { id: t.bot.id }, data: { fastPath: false, maxTokens: 64 } });
  const kefu = await startKefu({ model: true, env: { KEFU_RESTART_RETRY_MS: "500" } });
  const v = new StubbornVisitor(kefu.url, t.bot.publicKey);
  try {
    await v.ready();
    const events: string[] = [];
    let answerId = "";
    const answers = new Map<string, string>();
    v.socket.on("bot:delta", (d: { messageId: string }) => (answerId ||= d.messageId));
    v.socket.on("message", (m: { id: string; role: string; text: string }) => {
      if (m.role === "bot") answers.set(m.id, m.text), events.push("answer");
    });
    v.socket.on("server:restarting", () => events.push("restarting"));
    const disconnected = new Promise<string>((resolve) =>
      v.socket.once("disconnect", (reason) => (events.push("disconnect"), resolve(reason))),
    );
    const firstDelta = new Promise((resolve) => v.socket.once("bot:delta", resolve));
    assert.equal(await v.send(t.entry.title), true);
    await firstDelta;

    const exit = kefu.stop("SIGTERM");
    const reason = await disconnected;
    assert.equal(reason, "transport close", "a transport close: socket.io clients reconnect by themselves");
    assert.equal(await exit, 0, "a clean exit");
    assert.ok(
      events.indexOf("restarting") >= 0 && events.indexOf("restarting") < events.indexOf("disconnect"),
      `hint before the close (${events})`,
    );
    assert.ok(v.restarting[0].retryInMs >= 500 && v.restarting[0].retryInMs < 1000, "a jittered retry delay");
    assert.ok(answers.has(answerId), "the streamed answer was finished and delivered before the sockets closed");
    const stored = await db().message.findUniqueOrThrow({ where: { id: answerId } });
    assert.equal(stored.text, answers.get(answerId));

    // while it is down the port refuses connections; once it is back the client reconnects as the same visitor
    assert.equal(
      await fetch(`${kefu.url}/api/health`).then(
        () => "up",
        () => "down",
      ),
      "down",
    );
    const sessionAgain = new Promise<{ conversationId: string }>((resolve) => v.socket.once("session", resolve));
    const again = await kefu.restart();
    try {
      assert.equal((await sessionAgain).conversationId, v.conversationId);
      assert.equal(await v.send("still here"), true);
    } finally {
      v.close();
      await again.stop();
    }
  } finally {
    v.close();
    await kefu.stop("SIGKILL");
  }
});
