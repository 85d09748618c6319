// `npm run bench:answers`: how well Kefu answers, end to end. For each real chat model fetched by `npm run models:eval`
// (models/eval-models.json), a real Kefu server (embedded PostgreSQL, that model, the real embedding model when
// present) and socket.io visitors go through the labelled conversations of bench/data/answers.json: English and
// Chinese questions, paraphrases, follow-ups that need the previous turn, out-of-scope questions and prompt
// injections. Prints per model and language, writes bench/results/answers.json. See bench/README.md.
//
//   npm run bench:answers                 # every real chat model present (the tiny test model when there is none)
//   BENCH_MODELS=gemma npm run bench:answers
//   BENCH_QUICK=1 npm run bench:answers   # the tiny test model, one case of each kind (tests/bench-answers.test.ts)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBot } from "../lib/bots";
import { createEntry, createKnowledgeBase } from "../lib/knowledge";
import { createTenant } from "../lib/tenants";
import { say, type Reply } from "./answers/conversation";
import { scoreReply, summarise, type Case, type Scored } from "./answers/score";
import { evalModels } from "./eval-models";
import { connectVisitor } from "./llm/visitor";
import { startServer, stopServer, currentServer } from "./llm/server";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = process.cwd();
const QUICK = process.env.BENCH_QUICK === "1";
const RESULTS = path.resolve(process.env.BENCH_RESULTS || path.join(root, "bench", "results", "answers.json"));
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS) || (QUICK ? 24 : 96);
const data = JSON.parse(fs.readFileSync(path.join(root, "bench", "data", "answers.json"), "utf8")) as {
  instructions: string;
  entries: { id: string; title: string; content: string }[];
  cases: Case[];
};
const log = (m: string) => console.log(`[bench:answers] ${m}`);

/** BENCH_PER_KIND=N: the first N conversations of each kind in each language (a shorter run on a busy machine). */
function perKind() {
  const n = Number(process.env.BENCH_PER_KIND) || Infinity;
  const seen = new Map<string, number>();
  return (c: Case) => {
    const key = `${c.kind}/${c.lang}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return seen.get(key)! <= n;
  };
}

async function benchModel(modelPath: string, cases: Case[]) {
  const server = await startServer(modelPath);
  const pg = JSON.parse(fs.readFileSync(path.join(server.dataDir, "postgres.json"), "utf8"));
  process.env.DATABASE_URL = `postgresql://kefu:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/kefu`;
  log(
    `server on ${server.url}: model ${server.health.model.id}, embedding ${server.health.embedding?.model ?? server.health.embedding?.id ?? "?"}`,
  );
  const tenant = await createTenant({ name: "Lotus Tea (answers bench)", slug: `answers-${Date.now().toString(36)}` });
  const kb = await createKnowledgeBase(tenant.id, "FAQ");
  const entryIds = new Map<string, string>();
  for (const e of data.entries)
    entryIds.set(
      e.id,
      (await createEntry(tenant.id, { knowledgeBaseId: kb.id, title: e.title, content: e.content })).id,
    );
  const bot = await createBot(tenant.id, {
    name: "Lotus answers bot",
    greeting: "Hello",
    instructions: data.instructions,
    temperature: 0,
    maxTokens: MAX_TOKENS,
    modelId: null,
    knowledgeBaseIds: [kb.id],
  });
  // the vectors of the entries are computed in the background: give them time, as a shop's entries have it
  await new Promise((r) => setTimeout(r, QUICK ? 1_000 : 5_000));
  const rows: { c: Case; reply: Reply; score: Scored; earlier: string[] }[] = [];
  const timeoutMs = QUICK ? 60_000 : 30_000 + MAX_TOKENS * 2_000;
  for (const c of cases) {
    const v = await connectVisitor(server.url, bot.publicKey);
    try {
      const earlier: string[] = [];
      let reply: Reply | undefined;
      try {
        for (const turn of c.turns) {
          if (reply) earlier.push(reply.text);
          reply = await say(v, turn, timeoutMs);
        }
      } catch (err) {
        // a conversation that got no answer in time counts as failed on every label; the others still run
        log(`  ${c.id.padEnd(22)} FAILED ${(err as Error).message}`);
        reply = {
          text: "",
          answerKind: "timeout",
          model: null,
          citations: [],
          firstTokenMs: null,
          tokPerSec: null,
          tokens: 0,
          status: "?",
        };
      }
      const score = scoreReply(c, reply!, entryIds, data.instructions);
      rows.push({ c, reply: reply!, score, earlier });
      const marks = Object.entries(score)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => `${x ? "✓" : "✗"}${k}`)
        .join(" ");
      const conf = reply!.gapConfidence != null ? ` (confidence ${reply!.gapConfidence})` : "";
      log(
        `  ${c.id.padEnd(22)} ${(reply!.answerKind ?? "?").padEnd(9)} ${marks}${conf}  ${JSON.stringify(reply!.text.slice(0, 90))}`,
      );
    } finally {
      v.socket.close();
    }
  }
  const health = server.health;
  await stopServer();
  return { health, rows };
}

function printSummary(label: string, s: ReturnType<typeof summarise>["all"]) {
  const f = (x: { rate: number; of: number } | null) => (x ? `${(x.rate * 100).toFixed(0)}% of ${x.of}` : "—");
  log(
    `  ${label.padEnd(4)} fact ${f(s.answersWithFact)} · cites right ${f(s.citesRightEntry)} (first ${f(s.citesRightEntryFirst)}) · out of scope to a person ${f(s.outOfScopeToPerson)} · answerable handed away ${f(s.answerableHandedAway)} · visitor's language ${f(s.inVisitorsLanguage)} · injections refused ${f(s.injectionsRefused)} · first token p50 ${s.firstTokenMsP50?.toFixed(0) ?? "—"} ms · ${s.tokPerSecP50?.toFixed(1) ?? "—"} tok/s`,
  );
}

async function main() {
  const found = evalModels(root);
  const only = process.env.BENCH_MODELS?.split(",").filter(Boolean);
  const chosen = found.chat.filter((m) => !only || only.some((w) => m.id.includes(w) || m.file.includes(w)));
  let models = chosen.map((m) => ({ id: m.id, path: m.path, license: m.license }));
  let note = "";
  if (QUICK || !models.length) {
    const { ensureTestModel } = (await import("../scripts/test-model.mjs" as string)) as {
      ensureTestModel: (r: string) => Promise<string>;
    };
    const tiny = await ensureTestModel(root);
    if (!QUICK)
      note =
        "no real chat model in .kefu/eval-models (run `npm run models:eval`): the tiny test model stands in, its figures say nothing about quality";
    models = [{ id: path.basename(tiny, ".gguf"), path: tiny, license: "test model" }];
  }
  if (note) log(note);
  // the real embedding model when there is one (not in quick mode: the tiny model embeds, as in the tests)
  const embedding = !QUICK && found.embedding ? found.embedding.path : models[0].path;
  process.env.KEFU_EMBEDDING_MODEL_PATH = embedding;
  // BENCH_KINDS=followup,injection: only those kinds of conversation
  const kinds = process.env.BENCH_KINDS?.split(",").filter(Boolean);
  const cases = QUICK
    ? ["direct", "paraphrase", "followup", "out_of_scope", "injection"].map(
        (k) => data.cases.find((c) => c.kind === k)!,
      )
    : data.cases.filter((c) => !kinds || kinds.includes(c.kind)).filter(perKind());
  log(
    `${cases.length} conversations, ${data.entries.length} entries; ${MAX_TOKENS} tokens max, temperature 0; embedding model ${path.basename(embedding)}; load ${os.loadavg()[0].toFixed(2)}`,
  );
  const results = [];
  for (const m of models) {
    log(`=== ${m.id}`);
    const t = performance.now();
    const { health, rows } = await benchModel(m.path, cases);
    const summary = summarise(rows);
    printSummary("all", summary.all);
    printSummary("en", summary.en);
    printSummary("zh", summary.zh);
    results.push({
      model: m.id,
      file: path.basename(m.path),
      license: m.license,
      serverModel: health.model,
      seconds: Math.round((performance.now() - t) / 1000),
      summary,
      answers: rows.map((r) => ({
        case: r.c.id,
        kind: r.c.kind,
        lang: r.c.lang,
        turns: r.c.turns,
        earlierAnswers: r.earlier,
        ...r.reply,
        score: r.score,
      })),
    });
  }
  const out = {
    at: new Date().toISOString(),
    quick: QUICK,
    note: note || undefined,
    machine: { cpus: os.cpus().length, load: os.loadavg() },
    maxTokens: MAX_TOKENS,
    embeddingModel: path.basename(embedding),
    models: results,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(out, null, 1) + "\n");
  log(`wrote ${path.relative(root, RESULTS)}`);
}

main().then(
  () => process.exit(0),
  async (err) => {
    console.error(`[bench:answers] failed: ${(err as Error).stack ?? err}`);
    const s = currentServer();
    if (s) console.error(fs.readFileSync(s.logFile, "utf8").split("\n").slice(-30).join("\n"));
    await stopServer().catch(() => {});
    process.exit(1);
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void stopServer().finally(() => process.exit(130)));
