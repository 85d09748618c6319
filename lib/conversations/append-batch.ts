import crypto from "node:crypto";
import type pg from "pg";
import { writerPool } from "../db/pool";
import { KefuError } from "../errors";
import type { AppendInput, StoredMessage } from ".";

/**
 * Group commit for appendMessage. Messages that arrive while a batch is being written wait for the next batch, so
 * under load one transaction stores hundreds of them (one multi-row INSERT, one UPDATE of the conversations'
 * last_seq), and with no load a message is written at once. One batch at a time per lane (a conversation's lane is
 * fixed) keeps the order in which messages reached this process within a conversation; across processes the conversation rows are locked in
 * id order, which makes the seq numbering of concurrent batches serial per conversation and deadlock-free.
 * Every caller's promise settles only after its batch committed (or failed: then it rejects and nothing of the
 * batch is stored, so a resend is safe).
 */

type Pending = { tenantId: string; input: AppendInput; at: number; resolve: (r: AppendResult) => void; reject: (e: unknown) => void };
/** `status`: the conversation's status when the message was committed (read under its row lock). */
export type AppendResult = { message: StoredMessage; duplicate: boolean; status?: string };

// at 10,000 messages/s a batch cycle (lock, insert, commit) of ~150 ms needs ~1,500 per batch: 1,000 capped the writer
// at ≈ 6,700/s on the 2-core bench machine
const MAX_BATCH = Number(process.env.KEFU_APPEND_MAX_BATCH) || 4000;

// Writer lanes: a conversation always goes to the same lane (so its messages keep their order and its resends meet
// their first copy), and the lanes write in parallel on their own connections. One lane spent most of a batch cycle
// waiting on round trips to PostgreSQL while the CPU had room; disjoint conversation sets never wait on each other's
// row locks.
const LANES = Math.max(1, Number(process.env.KEFU_APPEND_LANES) || 2);
type Lane = { queue: Pending[]; writing: boolean };
const lanes: Lane[] = Array.from({ length: LANES }, () => ({ queue: [], writing: false }));
function laneOf(conversationId: string): Lane {
  let h = 0;
  for (let i = 0; i < conversationId.length; i++) h = (h * 31 + conversationId.charCodeAt(i)) | 0;
  return lanes[(h >>> 0) % LANES];
}

// Overload shedding: past these bounds a sheddable message (a visitor's or an agent's, which the client resends) is
// refused at once with `busy` instead of joining a queue it would time out in; bot and system messages always queue.
const maxQueue = () => Number(process.env.KEFU_APPEND_MAX_QUEUE) || 20_000;
const maxWaitMs = () => Number(process.env.KEFU_APPEND_MAX_WAIT_MS) || 1_000;

// one instance: under overload thousands are refused per second, and each new Error would capture a stack
export const busyError = new KefuError("busy", "The server is busy: the message was not stored, send it again in a moment");

export function appendBatched(tenantId: string, input: AppendInput): Promise<AppendResult> {
  const now = Date.now();
  const lane = laneOf(input.conversationId);
  if (input.sheddable && (appendQueueLength() >= maxQueue() || (lane.queue.length > 0 && now - lane.queue[0].at > maxWaitMs()))) {
    return Promise.reject(busyError);
  }
  return new Promise((resolve, reject) => {
    lane.queue.push({ tenantId, input, at: now, resolve, reject });
    if (!lane.writing) void drain(lane);
  });
}

/** Messages waiting for the writer (for admission checks and metrics). */
export function appendQueueLength() {
  let n = 0;
  for (const l of lanes) n += l.queue.length;
  return n;
}

async function drain(lane: Lane) {
  lane.writing = true;
  const { queue } = lane;
  try {
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        settle(batch, await writeBatch(batch));
      } catch (err) {
        // one bad row (a constraint it breaks) must not fail the others: write them one by one
        if (batch.length > 1 && isConstraintError(err)) {
          for (const p of batch) await writeBatch([p]).then((r) => settle([p], r), (e) => p.reject(e));
        } else for (const p of batch) p.reject(err);
      }
    }
  } finally {
    lane.writing = false;
  }
}

function settle(batch: Pending[], results: (AppendResult | Error)[]) {
  batch.forEach((p, i) => {
    const r = results[i];
    if (r instanceof Error) p.reject(r);
    else p.resolve(r);
  });
}

// a constraint a row breaks (23…), or a value PostgreSQL refuses (22…, e.g. a NUL character in a text): the other
// messages of the batch are fine, only that one fails
const isConstraintError = (err: unknown) => /^2[23]/.test(String((err as { code?: string }).code ?? ""));

const RETURNING = `id, seq, conversation_id AS "conversationId", role, text, client_id AS "clientId", created_at AT TIME ZONE 'UTC' AS "createdAt", model, citations`;

async function writeBatch(batch: Pending[]): Promise<(AppendResult | Error)[]> {
  const client = await writerPool().connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const results = await inTransaction(client, batch);
    await client.query("COMMIT");
    return results;
  } catch (err) {
    broken = true;
    await client.query("ROLLBACK").then(() => (broken = false), () => {});
    throw err;
  } finally {
    client.release(broken);
  }
}

async function inTransaction(client: pg.PoolClient, batch: Pending[]): Promise<(AppendResult | Error)[]> {
  const results: (AppendResult | Error | undefined)[] = new Array(batch.length);
  const convIds = [...new Set(batch.map((p) => p.input.conversationId))].sort();
  // lock in id order: batches of several processes never deadlock, and each sees the others' committed rows
  const convs = await client.query<{ id: string; tenant_id: string; last_seq: number; status: string }>({
    name: "kefu_append_lock",
    text: `SELECT id, tenant_id, last_seq, status FROM conversations WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    values: [plainArray(convIds)],
  });
  const lastSeq = new Map<string, number>();
  const tenantOf = new Map<string, string>();
  const statusOf = new Map<string, string>();
  for (const c of convs.rows) (lastSeq.set(c.id, c.last_seq), tenantOf.set(c.id, c.tenant_id), statusOf.set(c.id, c.status));

  // client ids already stored: answered with the stored message (after the lock, so a concurrent batch is seen)
  const withClientId = batch.filter((p) => p.input.clientId && tenantOf.get(p.input.conversationId) === p.tenantId);
  const existing = new Map<string, StoredMessage>();
  if (withClientId.length) {
    // not a prepared statement: its plan should see how many keys the batch has
    const found = await client.query<StoredMessage>({
      text: `SELECT ${RETURNING} FROM messages m JOIN unnest($1::text[], $2::text[]) AS k(c, k) ON m.conversation_id = k.c AND m.client_id = k.k`,
      values: [plainArray(withClientId.map((p) => p.input.conversationId)), textArray(withClientId.map((p) => p.input.clientId!))],
    });
    for (const m of found.rows) existing.set(`${m.conversationId}\n${m.clientId}`, m);
  }

  const rows: (Row & { index: number })[] = [];
  const firstOfKey = new Map<string, number>();
  const sameAs = new Map<number, number>();
  batch.forEach((p, i) => {
    const { conversationId, clientId } = p.input;
    if (tenantOf.get(conversationId) !== p.tenantId) return void (results[i] = new KefuError("not_found", "No such conversation"));
    // the caller's remembered conversation was closed meanwhile: it opens a new one (the row lock makes this exact)
    if (p.input.openOnly && statusOf.get(conversationId) === "closed") return void (results[i] = new KefuError("closed", "This conversation is closed"));
    if (clientId) {
      const key = `${conversationId}\n${clientId}`;
      const stored = existing.get(key);
      if (stored) return void (results[i] = { message: stored, duplicate: true, status: statusOf.get(conversationId) });
      const first = firstOfKey.get(key);
      if (first !== undefined) return void sameAs.set(i, first); // the same resend twice in one batch
      firstOfKey.set(key, i);
    }
    const seq = lastSeq.get(conversationId)! + 1;
    lastSeq.set(conversationId, seq);
    rows.push({ index: i, id: p.input.id ?? crypto.randomUUID(), seq, p });
  });

  if (rows.length) {
    const touched = [...new Set(rows.map((r) => r.p.input.conversationId))];
    // the insert and the conversations' last_seq in one statement (one round trip less per batch)
    const inserted = await client.query<{ id: string; createdAt: Date }>(insertStatement(rows, touched, touched.map((id) => lastSeq.get(id)!)));
    // the lock makes a conflict impossible; if one happened anyway, fail the batch rather than leave a seq gap
    if (inserted.rows.length !== rows.length) throw new Error("append batch: a client id was stored concurrently");
    const createdAt = new Map(inserted.rows.map((m) => [m.id, m.createdAt]));
    for (const r of rows) {
      const i = batch[r.index].input;
      const message: StoredMessage = {
        id: r.id,
        seq: r.seq,
        conversationId: i.conversationId,
        role: i.role,
        text: i.text,
        clientId: i.clientId ?? null,
        createdAt: createdAt.get(r.id)!,
        model: i.model ?? null,
        citations: i.citations ?? null,
      };
      results[r.index] = { message, duplicate: false, status: statusOf.get(i.conversationId) };
    }
  }
  for (const [i, first] of sameAs) {
    const r = results[first];
    results[i] = r instanceof Error || !r ? r! : { message: r.message, duplicate: true, status: r.status };
  }
  return results as (AppendResult | Error)[];
}

type Row = { id: string; seq: number; p: Pending };
type Column = { name: string; type: string; value: (r: Row) => unknown; optional?: boolean; plain?: boolean; fill?: unknown };

// Every column a message may have; the optional ones are sent only when a row of the batch has a value (a batch of
// visitor messages sends 7 arrays, not 17), otherwise the column's default (NULL or false) applies; `fill` is what a
// row without a value gets when the column is sent.
const COLUMNS: Column[] = [
  { name: "id", type: "text", value: (r) => r.id, plain: true },
  { name: "tenant_id", type: "text", value: (r) => r.p.tenantId, plain: true },
  { name: "conversation_id", type: "text", value: (r) => r.p.input.conversationId, plain: true },
  { name: "seq", type: "int", value: (r) => r.seq, plain: true },
  { name: "client_id", type: "text", value: (r) => r.p.input.clientId },
  { name: "role", type: "text", value: (r) => r.p.input.role, plain: true },
  { name: "text", type: "text", value: (r) => r.p.input.text },
  { name: "author_id", type: "text", value: (r) => r.p.input.authorId, optional: true, plain: true },
  { name: "model", type: "text", value: (r) => r.p.input.model, optional: true },
  { name: "variant", type: "text", value: (r) => r.p.input.variant, optional: true },
  { name: "degraded", type: "bool", value: (r) => r.p.input.degraded || undefined, optional: true, plain: true, fill: false },
  { name: "internal", type: "bool", value: (r) => r.p.input.internal || undefined, optional: true, plain: true, fill: false },
  { name: "answer_kind", type: "text", value: (r) => r.p.input.answerKind, optional: true },
  { name: "tokens", type: "int", value: (r) => r.p.input.tokens, optional: true, plain: true },
  { name: "first_token_ms", type: "int", value: (r) => r.p.input.firstTokenMs, optional: true, plain: true },
  { name: "duration_ms", type: "int", value: (r) => r.p.input.durationMs, optional: true, plain: true },
  { name: "citations", type: "jsonb", value: (r) => (r.p.input.citations == null ? undefined : JSON.stringify(r.p.input.citations)), optional: true },
];

/**
 * One multi-row INSERT over unnest of one array per column and the UPDATE of the conversations' last_seq, in one
 * named (prepared once per connection) statement.
 */
function insertStatement(rows: Row[], touched: string[], lastSeqs: number[]) {
  const cols = COLUMNS.filter((c) => !c.optional || rows.some((r) => c.value(r) != null));
  const name = `kefu_append_insert_${cols.map((c) => COLUMNS.indexOf(c)).join("_")}`;
  const n = cols.length;
  const text = `WITH ins AS (
      INSERT INTO messages (${cols.map((c) => c.name).join(", ")})
      SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")})
      ON CONFLICT (conversation_id, client_id) DO NOTHING
      RETURNING id, created_at AT TIME ZONE 'UTC' AS "createdAt"
    ), seq AS (
      UPDATE conversations c SET last_seq = v.s, updated_at = now() FROM unnest($${n + 1}::text[], $${n + 2}::int[]) AS v(id, s) WHERE c.id = v.id
    )
    SELECT * FROM ins`;
  const values = cols.map((c) => {
    const v = c.fill === undefined ? rows.map(c.value) : rows.map((r) => c.value(r) ?? c.fill);
    return c.plain ? plainArray(v) : textArray(v);
  });
  return { name, text, values: [...values, plainArray(touched), `{${lastSeqs.join(",")}}`] };
}

// Array parameters as PostgreSQL array literals, built here instead of by pg (which escapes every element with two
// regular expressions and string concatenations: the largest allocation per message under load). Ids, numbers and
// booleans need no quoting when they are plain tokens; anything else is quoted and escaped.
const PLAIN = /^[A-Za-z0-9_.:-]+$/;
const quote = (v: string) => `"${v.replace(/[\\"]/g, "\\$&")}"`;
const element = (v: unknown) => (v == null ? "NULL" : typeof v === "string" ? quote(v) : String(v));
function plainArray(values: unknown[]): string {
  for (const v of values) {
    if (v == null || typeof v === "number" || typeof v === "boolean") continue;
    // an unquoted null in any case is NULL to PostgreSQL
    if (typeof v !== "string" || !PLAIN.test(v) || v.toLowerCase() === "null") return textArray(values);
  }
  return `{${values.map((v) => (v == null ? "NULL" : v)).join(",")}}`;
}
function textArray(values: unknown[]): string {
  return `{${values.map(element).join(",")}}`;
}

/** Nothing queued and no batch being written (a graceful shutdown waits for this before closing sockets). */
export const appendsIdle = () => lanes.every((l) => !l.writing && l.queue.length === 0);
