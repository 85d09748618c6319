// `npm run bench:writer`: the group commit alone (lib/conversations/append-batch.ts), without sockets: batches of
// 1 to 2,000 messages to 200 conversations on an embedded PostgreSQL of its own, one writer lane. Prints the time a
// batch takes and the CPU each message costs PostgreSQL and this process. See bench/README.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bench-writer-"));
process.env.KEFU_DATA_DIR = dir;
process.env.KEFU_APPEND_LANES ??= "1";
delete process.env.DATABASE_URL;
const log = (m: string) => console.log(`[bench:writer] ${m}`);
// BENCH_QUICK=1 (tests/bench-writer.test.ts): batches of 1 and 100, a few times each, to prove the bench runs
const QUICK = process.env.BENCH_QUICK === "1";
const RESULTS = path.resolve(process.env.BENCH_RESULTS || path.join("bench", "results", "writer.json"));
// BENCH_WRITER_ROLE=bot: bot answers with their model, tokens and answer trace instead of visitor messages
// (BENCH_WRITER_TRACE=0: the same answers without the trace, to price its six columns)
const ROLE = process.env.BENCH_WRITER_ROLE === "bot" ? "bot" : "visitor";
const TRACE = process.env.BENCH_WRITER_TRACE !== "0";

const { startDatabase } = await import("../lib/db/start");
const { endPool } = await import("../lib/db/pool");
const { db, disconnectDb } = await import("../lib/db/client");
const { appendMessage, openConversation } = await import("../lib/conversations");
const { makeTenant } = await import("../tests/helpers/fixtures");
const { cpuSeconds, embeddedPostgres } = await import("./chat-procs");

const database = await startDatabase(() => {});
try {
  const t = await makeTenant("writer");
  const conversations: string[] = [];
  for (let i = 0; i < 200; i++) {
    const v = await db().visitor.create({ data: { tenantId: t.tenant.id }, select: { id: true } });
    conversations.push((await openConversation(t.tenant.id, t.bot.id, v.id)).conversation.id);
  }
  // this bench's PostgreSQL only: counting every process named postgres took in other servers on a shared machine
  const postgres = embeddedPostgres(dir);
  let n = 0;
  const trace = () => ({
    retrievalMs: 3.1 + (n % 7),
    queueMs: 0.42,
    promptMs: 180.25 + (n % 13),
    generationMs: 1204.5 + (n % 11),
    inputTokens: 212,
    cachedInputTokens: 148,
  });
  const message = (conversationId: string) =>
    ROLE === "bot"
      ? {
          conversationId,
          role: "bot" as const,
          text: "Orders ship within 24 hours; delivery takes 3 to 5 days.",
          model: "qwen2.5-0.5b-instruct-q4_k_m",
          answerKind: "model",
          tokens: 41,
          firstTokenMs: 431,
          durationMs: 2266,
          ...(TRACE ? { trace: trace() } : {}),
          openOnly: true,
        }
      : {
          conversationId,
          role: "visitor" as const,
          text: "Hello, I would like to know where my order is.",
          clientId: `m${n}`,
          sheddable: true,
          openOnly: true,
        };
  const send = (size: number) =>
    Promise.all(
      Array.from({ length: size }, (_, i) => {
        n++;
        return appendMessage(t.tenant.id, message(conversations[i % 200]));
      }),
    );
  const rows = [];
  for (const size of QUICK ? [1, 100] : [1, 10, 100, 1000, 2000]) {
    const reps = QUICK ? 3 : Math.max(5, Math.min(200, Math.round(20_000 / size)));
    await send(Math.min(size, 200)); // warm-up
    const pg0 = cpuSeconds(postgres);
    const me0 = process.cpuUsage();
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) await send(size);
    const ms = performance.now() - t0;
    const messages = size * reps;
    const me = process.cpuUsage(me0);
    const row = {
      batch: size,
      msPerBatch: +(ms / reps).toFixed(2),
      messagesPerS: Math.round(messages / (ms / 1000)),
      postgresUsPerMessage: Math.round(((cpuSeconds(postgres) - pg0) * 1e6) / messages),
      writerUsPerMessage: Math.round((me.user + me.system) / messages),
    };
    rows.push(row);
    log(
      `batch ${String(size).padStart(4)}: ${row.msPerBatch} ms a batch, ${row.messagesPerS} messages/s, PostgreSQL ${row.postgresUsPerMessage} µs and writer ${row.writerUsPerMessage} µs of CPU a message`,
    );
  }
  const result = {
    at: new Date().toISOString(),
    lanes: Number(process.env.KEFU_APPEND_LANES),
    cores: os.cpus().length,
    role: ROLE,
    trace: ROLE === "bot" && TRACE,
    rows,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(result, null, 2) + "\n");
  log(`written to ${path.relative(process.cwd(), RESULTS)}`);
} finally {
  await endPool();
  await disconnectDb().catch(() => {});
  await database.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
