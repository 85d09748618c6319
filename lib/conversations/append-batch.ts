import crypto from "node:crypto";
import type pg from "pg";
import { writerPool } from "../db/pool";
import { KefuError } from "../errors";
import type { AppendInput, StoredMessage } from ".";

/**
 * Group commit for appendMessage. Messages that arrive while a batch is being written wait for the next batch, so
 * under load one transaction stores hundreds of them (one multi-row INSERT, one UPDATE of the conversations'
 * last_seq), and with no load a message is written at once. One batch at a time per process keeps the order in
 * which messages reached this process within a conversation; across processes the conversation rows are locked in
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
const queue: Pending[] = [];
let writing = false;

// Overload shedding: past these bounds a sheddable message (a visitor's or an agent's, which the client resends) is
// refused at once with `busy` instead of joining a queue it would time out in; bot and system messages always queue.
const maxQueue = () => Number(process.env.KEFU_APPEND_MAX_QUEUE) || 20_000;
const maxWaitMs = () => Number(process.env.KEFU_APPEND_MAX_WAIT_MS) || 1_000;

// one instance: under overload thousands are refused per second, and each new Error would capture a stack
export const busyError = new KefuError("busy", "The server is busy: the message was not stored, send it again in a moment");

export function appendBatched(tenantId: string, input: AppendInput): Promise<AppendResult> {
  const now = Date.now();
  if (input.sheddable && (queue.length >= maxQueue() || (queue.length > 0 && now - queue[0].at > maxWaitMs()))) {
    return Promise.reject(busyError);
  }
  return new Promise((resolve, reject) => {
    queue.push({ tenantId, input, at: now, resolve, reject });
    if (!writing) void drain();
  });
}

/** Messages waiting for the writer (for admission checks and metrics). */
export const appendQueueLength = () => queue.length;

async function drain() {
  writing = true;
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
    writing = false;
  }
}

function settle(batch: Pending[], results: (AppendResult | Error)[]) {
  batch.forEach((p, i) => {
    const r = results[i];
    if (r instanceof Error) p.reject(r);
    else p.resolve(r);
  });
}

const isConstraintError = (err: unknown) => /^23/.test(String((err as { code?: string }).code ?? ""));

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
  const convs = await client.query<{ id: string; tenant_id: string; last_seq: number; status: string }>(
    `SELECT id, tenant_id, last_seq, status FROM conversations WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [convIds],
  );
  const lastSeq = new Map<string, number>();
  const tenantOf = new Map<string, string>();
  const statusOf = new Map<string, string>();
  for (const c of convs.rows) (lastSeq.set(c.id, c.last_seq), tenantOf.set(c.id, c.tenant_id), statusOf.set(c.id, c.status));

  // client ids already stored: answered with the stored message (after the lock, so a concurrent batch is seen)
  const withClientId = batch.filter((p) => p.input.clientId && tenantOf.get(p.input.conversationId) === p.tenantId);
  const existing = new Map<string, StoredMessage>();
  if (withClientId.length) {
    const found = await client.query<StoredMessage>(
      `SELECT ${RETURNING} FROM messages m JOIN unnest($1::text[], $2::text[]) AS k(c, k) ON m.conversation_id = k.c AND m.client_id = k.k`,
      [withClientId.map((p) => p.input.conversationId), withClientId.map((p) => p.input.clientId!)],
    );
    for (const m of found.rows) existing.set(`${m.conversationId}\n${m.clientId}`, m);
  }

  const rows: { index: number; id: string; seq: number }[] = [];
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
    rows.push({ index: i, id: p.input.id ?? crypto.randomUUID(), seq });
  });

  if (rows.length) {
    const col = <T>(f: (input: AppendInput, p: Pending) => T) => rows.map((r) => f(batch[r.index].input, batch[r.index]));
    // only what the database decides comes back (id to match, created_at): the rest is what was sent
    const inserted = await client.query<{ id: string; createdAt: Date }>(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, client_id, role, text, author_id, model, variant, degraded,
                             internal, answer_kind, tokens, first_token_ms, duration_ms, citations)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[], $11::bool[], $12::bool[], $13::text[], $14::int[], $15::int[], $16::int[], $17::jsonb[])
       ON CONFLICT (conversation_id, client_id) DO NOTHING
       RETURNING id, created_at AT TIME ZONE 'UTC' AS "createdAt"`,
      [
        rows.map((r) => r.id),
        col((_, p) => p.tenantId),
        col((i) => i.conversationId),
        rows.map((r) => r.seq),
        col((i) => i.clientId ?? null),
        col((i) => i.role),
        col((i) => i.text),
        col((i) => i.authorId ?? null),
        col((i) => i.model ?? null),
        col((i) => i.variant ?? null),
        col((i) => i.degraded ?? false),
        col((i) => i.internal ?? false),
        col((i) => i.answerKind ?? null),
        col((i) => i.tokens ?? null),
        col((i) => i.firstTokenMs ?? null),
        col((i) => i.durationMs ?? null),
        col((i) => (i.citations === undefined || i.citations === null ? null : JSON.stringify(i.citations))),
      ],
    );
    // the lock makes a conflict impossible; if one happened anyway, fail the batch rather than leave a seq gap
    if (inserted.rowCount !== rows.length) throw new Error("append batch: a client id was stored concurrently");
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
    const touched = [...new Set(rows.map((r) => batch[r.index].input.conversationId))];
    await client.query(
      `UPDATE conversations c SET last_seq = v.s, updated_at = now() FROM unnest($1::text[], $2::int[]) AS v(id, s) WHERE c.id = v.id`,
      [touched, touched.map((id) => lastSeq.get(id)!)],
    );
  }
  for (const [i, first] of sameAs) {
    const r = results[first];
    results[i] = r instanceof Error || !r ? r! : { message: r.message, duplicate: true, status: r.status };
  }
  return results as (AppendResult | Error)[];
}

/** Nothing queued and no batch being written (a graceful shutdown waits for this before closing sockets). */
export const appendsIdle = () => !writing && queue.length === 0;
