// A visitor row is written when a visitor does something worth keeping, not for a bare connect (crawlers, page views),
// and an unknown email is refused in the time a known one takes (no account enumeration by timing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "../../lib/db/client";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { connectVisitor, emitAck } from "../helpers/sockets";

test("1,000 connect/drop cycles of the widget leave no visitor row; the first message writes one", async () => {
  const t = await makeTenant("rows");
  let left = 1000;
  const worker = async () => {
    while (left-- > 0) {
      const { socket } = await connectVisitor({ key: t.bot.publicKey });
      socket.close();
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  assert.equal(await db().visitor.count({ where: { tenantId: t.tenant.id } }), 0);

  const { socket, session } = await connectVisitor({ key: t.bot.publicKey });
  const ack = await emitAck(socket, "message", { clientId: "first", text: "hello" });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  socket.close();
  assert.equal(await db().visitor.count({ where: { tenantId: t.tenant.id } }), 1);
  // the token from the bare connect names that same visitor when they come back
  const back = await connectVisitor({ key: t.bot.publicKey, token: session.visitorToken });
  assert.equal(back.session.conversationId, ack.conversationId);
  back.socket.close();
});

async function refusalMs(email: string, password: string) {
  const csrf = await fetch(`${testEnv.url}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const started = performance.now();
  const res = await fetch(`${testEnv.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  await res.text();
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test("an unknown email is refused in about the time a known email with a wrong password takes", async () => {
  const t = await makeTenant("timing");
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 12; i++) {
    known.push(await refusalMs(t.admin.email, `wrong-${i}`));
    unknown.push(await refusalMs(`nobody-${i}-${t.tenant.slug}@kefu.test`, `wrong-${i}`));
  }
  const ratio = median(unknown) / median(known);
  assert.ok(
    ratio > 0.5 && ratio < 2,
    `median refusal: unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`,
  );
});
