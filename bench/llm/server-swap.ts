import path from "node:path";
import { createBot } from "../../lib/bots";
import { signInCookieAt } from "../../tests/helpers/sign-in";
import type { Server, setUpTenant } from "./server";
import { now, round, sleep } from "./stats";
import { askFull, connectVisitor } from "./visitor";
import { INSTRUCTIONS } from "./workload";

/**
 * 5 (server). A hot swap through the admin Models API (POST /api/admin/models {action: "load"}) while 4 visitors
 * are being answered: every answer must arrive whole, and the next one must come from the new model.
 */
export async function benchServerSwap(
  server: Server,
  setup: Awaited<ReturnType<typeof setUpTenant>>,
  target: string,
  tokens: number,
  timeoutMs: number,
) {
  const api = `${server.url}/api/admin/models`;
  let cookie: string;
  try {
    cookie = await signInCookieAt(server.url, setup.admin.email, setup.admin.password);
  } catch (err) {
    return { available: false as const, reason: (err as Error).message };
  }
  const probe = await fetch(api, { headers: { cookie } });
  if (probe.status === 404) return { available: false as const, reason: "no /api/admin/models" };
  const bot = await createBot(setup.tenant.id, {
    name: "Lotus bench bot (long answers)",
    greeting: "Hello",
    instructions: INSTRUCTIONS,
    temperature: 0,
    maxTokens: tokens,
    modelId: null,
    knowledgeBaseIds: [setup.kb.id],
  });
  const N = 4;
  const visitors = await Promise.all(Array.from({ length: N }, () => connectVisitor(server.url, bot.publicKey)));
  try {
    let producing = 0;
    let allProducing: () => void = () => {};
    const started = new Promise<void>((r) => (allProducing = r));
    for (const v of visitors) v.socket.once("bot:delta", () => ++producing === N && allProducing());
    const answers = visitors.map((v) =>
      askFull(v, timeoutMs).then(
        (t) => ({ ...t, endAt: now(), error: null as string | null }),
        (err: Error) => ({
          ok: false,
          endAt: now(),
          error: err.message,
          tokens: 0,
          text: "",
          streamed: "",
          model: null as string | null,
        }),
      ),
    );
    await Promise.race([started, sleep(10_000)]);
    const t = now();
    const post = await fetch(api, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ action: "load", file: path.basename(target) }),
    });
    if (post.status !== 202)
      return { available: true as const, error: `POST load answered ${post.status}: ${await post.text()}` };
    type LoadInfo = { status: string; error: string | null } | null;
    let load: LoadInfo = null as LoadInfo;
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      load = ((await (await fetch(api, { headers: { cookie } })).json()) as { load: LoadInfo }).load;
      if (load && load.status !== "loading") break;
      await sleep(50);
    }
    const swappedAt = now();
    const results = await Promise.all(answers);
    // the next answer, from a new visitor, must come from the new model
    const v = await connectVisitor(server.url, bot.publicKey);
    const next = await askFull(v, timeoutMs).catch((err: Error) => ({ ok: false, model: null, error: err.message }));
    v.socket.close();
    return {
      available: true as const,
      method: "POST /api/admin/models {action: load}",
      to: path.basename(target, ".gguf"),
      swapMs: round(swappedAt - t, 1),
      loadStatus: load?.status ?? "timeout",
      loadError: load?.error ?? null,
      streams: N,
      tokensPerStream: tokens,
      inFlightAtCutover: results.filter((r) => r.endAt > swappedAt).length,
      streamsCut: results.filter((r) => !r.ok).length,
      answers: results.map((r) => ({ ok: r.ok, tokens: r.tokens, model: r.model, error: r.error })),
      answerAfterSwap: { ok: next.ok, model: next.model },
    };
  } finally {
    for (const v of visitors) v.socket.close();
  }
}
