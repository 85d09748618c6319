// The server's log (scripts/test.mjs pipes its stdout to KEFU_SERVER_LOG, not a terminal): JSON lines with a level,
// the tenant and conversation ids of the events that concern one, and never the visitor's words or email at info.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import { after, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor } from "./helpers/sockets";
import { until } from "./helpers/until";

after(() => disconnectDb());

type Line = { level: string; time: string; msg: string; tenantId?: string; conversationId?: string };
const serverLog = () => fs.readFileSync(process.env.KEFU_SERVER_LOG!, "utf8");
const jsonLines = (text: string): Line[] =>
  text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));

test("a conversation leaves JSON log lines with level and ids, and no visitor text or email", async () => {
  const t = await makeTenant("logs");
  const marker = `secret-${crypto.randomUUID().slice(0, 8)}`;
  const email = `${marker}@visitor.example`;
  const before = serverLog().length;
  const { socket } = await connectVisitor({ key: t.bot.publicKey });
  await emitAck(socket, "prechat", { name: `Name ${marker}`, email });
  // a question the model answers, then the visitor's words and email in a message of their own
  let answered = waitFor(socket, "message", (m: { role: string }) => m.role === "bot", 30_000);
  const ack = await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: t.entry.title });
  await answered;
  answered = waitFor(socket, "message", (m: { role: string }) => m.role === "bot", 30_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: `My email is ${email}, order ${marker}` });
  await answered;
  socket.close();

  let lines: Line[] = [];
  await until(
    () => {
      lines = jsonLines(serverLog().slice(before));
      return lines.some((l) => l.msg === "bot answered" && l.conversationId === ack.conversationId);
    },
    "the bot's answer in the server log",
    15_000,
    () => serverLog().slice(before).slice(-2000),
  );
  const answeredLine = lines.find((l) => l.msg === "bot answered" && l.conversationId === ack.conversationId)!;
  assert.equal(answeredLine.level, "info");
  assert.equal(answeredLine.tenantId, t.tenant.id);
  assert.ok(!Number.isNaN(Date.parse(answeredLine.time)), "an ISO time");

  // no line the server wrote holds the visitor's words, name or email
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(!serverLog().slice(before).includes(marker), "the visitor's text, name or email reached the log");
});
