import crypto from "node:crypto";
import { writerPool } from "../db/pool";
import { KefuError } from "../errors";
import type { AppendInput, StoredMessage } from ".";
import { envVar } from "../env";
import { open, seal } from "../crypto/envelope";

/**
 * Group commit for appendMessage. Messages that arrive while a batch is being written wait for the next batch, so
 * under load one transaction stores hundreds of them (one multi-row INSERT, one UPDATE of the conversations'
 * last_seq), and with no load a message is written at once. One batch at a time per lane (a conversation's lane is
 * fixed) keeps the order in which messages reached this process within a conversation; across processes the conversation rows are locked in
 * id order, which makes the seq numbering of concurrent batches serial per conversation and deadlock-free.
 * Every caller's promise settles only after its batch committed (or failed: then it rejects and nothing of the
 * batch is stored, so a resend is safe).
 */

type Pending = {
  tenantId: string;
  input: AppendInput;
  at: number;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
};
/** `status`: the conversation's status when the message was committed (read under its row lock). */
export type AppendResult = { message: StoredMessage; duplicate: boolean; status?: string };

// at 10,000 messages/s a batch cycle (lock, insert, commit) of ~150 ms needs ~1,500 per batch: 1,000 capped the writer
// at ≈ 6,700/s on the 2-core bench machine
const MAX_BATCH = envVar("KEFU_APPEND_MAX_BATCH");

// Writer lanes: a conversation always goes to the same lane (so its messages keep their order and its resends meet
// their first copy), and the lanes write in parallel on their own connections. One lane spent most of a batch cycle
// waiting on round trips to PostgreSQL while the CPU had room; disjoint conversation sets never wait on each other's
// row locks.
const LANES = envVar("KEFU_APPEND_LANES");
type Lane = { queue: Pending[]; writing: boolean };
const lanes: Lane[] = Array.from({ length: LANES }, () => ({ queue: [], writing: false }));
function laneOf(conversationId: string): Lane {
  let h = 0;
  for (let i = 0; i < conversationId.length; i++) h = (h * 31 + conversationId.charCodeAt(i)) | 0;
  return lanes[(h >>> 0) % LANES];
}

// Overload shedding: past these bounds a sheddable message (a visitor's or an agent's, which the client resends) is
// refused at once with `busy` instead of joining a queue it would time out in; bot and system messages always queue.
const maxQueue = () => envVar("KEFU_APPEND_MAX_QUEUE");
const maxWaitMs = () => envVar("KEFU_APPEND_MAX_WAIT_MS");

// one instance: under overload thousands are refused per second, and each new Error would capture a stack
export const busyError = new KefuError(
  "busy",
  "The server is busy: the message was not stored, send it again in a moment",
);

export function appendBatched(tenantId: string, input: AppendInput): Promise<AppendResult> {
  const now = Date.now();
  const lane = laneOf(input.conversationId);
  if (
    input.sheddable &&
    (appendQueueLength() >= maxQueue() || (lane.queue.length > 0 && now - lane.queue[0].at > maxWaitMs()))
  ) {
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
          for (const p of batch)
            await writeBatch([p]).then(
              (r) => settle([p], r),
              (e) => p.reject(e),
            );
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

/**
 * One batch in one round trip: kefu_append_messages (prisma/migrations/20261203080000_append_function) locks the
 * conversations, finds resends, numbers and inserts the new messages and moves the conversations' last_seq, in one
 * autocommit transaction. A message's promise settles after that commit.
 */
async function writeBatch(batch: Pending[]): Promise<(AppendResult | Error)[]> {
  const ids = batch.map((p) => p.input.id ?? crypto.randomUUID());
  const values = COLUMNS.map((c) => {
    const column = batch.map((p, i) => c.value(p, ids[i]));
    // a column no message of the batch has is sent as NULL: unnest pads it with NULLs, the default applies
    if (c.optional && column.every((v) => v == null)) return null;
    return c.plain ? plainArray(column) : textArray(column);
  });
  const { rows } = await writerPool().query<Outcome>({ name: "kefu_append", text: APPEND, values });
  if (rows.length !== batch.length)
    throw new Error(`append batch: ${rows.length} outcomes for ${batch.length} messages`);
  const results: (AppendResult | Error)[] = new Array(batch.length);
  const same: Outcome[] = [];
  for (const r of rows) {
    const i = r.r_idx - 1;
    const input = batch[i].input;
    const status = r.r_status ?? undefined;
    switch (r.r_outcome) {
      case "new":
        results[i] = {
          message: {
            id: ids[i],
            seq: r.r_seq!,
            conversationId: input.conversationId,
            role: input.role,
            text: input.text,
            clientId: input.clientId ?? null,
            createdAt: r.r_created_at!,
            model: input.model ?? null,
            citations: input.citations ?? null,
          },
          duplicate: false,
          status,
        };
        break;
      case "stored":
        results[i] = {
          message: {
            id: r.r_id!,
            seq: r.r_seq!,
            conversationId: input.conversationId,
            role: r.r_role!,
            text: open(r.r_text!),
            clientId: r.r_client_id,
            createdAt: r.r_created_at!,
            model: r.r_model,
            citations: r.r_citations,
          },
          duplicate: true,
          status,
        };
        break;
      case "same":
        same.push(r);
        break;
      case "closed":
        results[i] = new KefuError("closed", "This conversation is closed");
        break;
      case "not_found":
        results[i] = new KefuError("not_found", "No such conversation");
    }
  }
  for (const r of same) {
    const first = results[r.r_first! - 1];
    results[r.r_idx - 1] = first instanceof Error || !first ? first : { ...first, duplicate: true };
  }
  return results;
}

type Outcome = {
  r_idx: number;
  r_outcome: "new" | "stored" | "same" | "not_found" | "closed";
  r_first: number | null;
  r_seq: number | null;
  r_created_at: Date | null;
  r_status: string | null;
  r_id: string | null;
  r_role: string | null;
  r_text: string | null;
  r_client_id: string | null;
  r_model: string | null;
  r_citations: unknown;
};

type Column = { type: string; value: (p: Pending, id: string) => unknown; optional?: boolean; plain?: boolean };

// The function's parameters, in its order. Optional columns that no message of a batch has go as NULL (a batch of
// visitor messages sends 7 arrays); plain ones are ids, numbers and flags that need no quoting.
const COLUMNS: Column[] = [
  { type: "text", value: (p) => p.tenantId, plain: true },
  { type: "text", value: (p) => p.input.conversationId, plain: true },
  { type: "text", value: (_, id) => id, plain: true },
  { type: "text", value: (p) => p.input.clientId },
  { type: "text", value: (p) => p.input.role, plain: true },
  // sealed here: the PL/pgSQL function stores what Node gives it (encryption at rest, lib/crypto)
  { type: "text", value: (p) => seal(p.input.text) },
  { type: "text", value: (p) => p.input.authorId, optional: true, plain: true },
  { type: "text", value: (p) => p.input.model, optional: true },
  { type: "text", value: (p) => p.input.variant, optional: true },
  { type: "bool", value: (p) => p.input.degraded || undefined, optional: true, plain: true },
  { type: "bool", value: (p) => p.input.internal || undefined, optional: true, plain: true },
  { type: "text", value: (p) => p.input.answerKind, optional: true },
  { type: "int", value: (p) => p.input.tokens, optional: true, plain: true },
  { type: "int", value: (p) => p.input.firstTokenMs, optional: true, plain: true },
  { type: "int", value: (p) => p.input.durationMs, optional: true, plain: true },
  {
    type: "jsonb",
    value: (p) => (p.input.citations == null ? undefined : JSON.stringify(p.input.citations)),
    optional: true,
  },
  { type: "bool", value: (p) => p.input.openOnly || undefined, optional: true, plain: true },
  // the answer trace: NULL arrays in a batch without bot answers, so visitor messages pay nothing for it
  { type: "float8", value: (p) => p.input.trace?.retrievalMs, optional: true, plain: true },
  { type: "float8", value: (p) => p.input.trace?.queueMs, optional: true, plain: true },
  { type: "float8", value: (p) => p.input.trace?.promptMs, optional: true, plain: true },
  { type: "float8", value: (p) => p.input.trace?.generationMs, optional: true, plain: true },
  { type: "int", value: (p) => p.input.trace?.inputTokens, optional: true, plain: true },
  { type: "int", value: (p) => p.input.trace?.cachedInputTokens, optional: true, plain: true },
];
const APPEND = `SELECT * FROM kefu_append_messages(${COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")})`;

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
