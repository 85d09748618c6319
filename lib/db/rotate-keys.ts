// `kefu keys rotate`: re-encrypts every sealed field with the newest key (and seals plaintext written before a key
// was configured), in small batches of short transactions, so a serving Kefu is never held up. A row is rewritten
// only if it still holds the value that was read (compare-and-set): a value a server wrote meanwhile already uses the
// newest key and is left alone. Resumable: a second run finds only what the first did not finish.
import { type KeyRing, keyRing } from "../crypto/keys";
import { open, seal } from "../crypto/envelope";
import { db } from "./client";

// the stored columns of lib/db/encrypted.ts's SEALED_FIELDS (table and column names are constants, never input)
const COLUMNS = [
  ["messages", "text"],
  ["visitors", "name"],
  ["visitors", "email"],
  ["visitors", "phone"],
  ["offline_messages", "name"],
  ["offline_messages", "email"],
  ["offline_messages", "phone"],
  ["offline_messages", "text"],
  ["conversations", "summary"],
  ["conversations", "rating_comment"],
  ["knowledge_gaps", "question"],
] as const;

// a column listed ahead of the migration that adds it (or of a merge) is skipped, not an error
async function presentColumns() {
  const rows = await db().$queryRaw<{ t: string; c: string }[]>`
    SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()`;
  const present = new Set(rows.map((r) => `${r.t}.${r.c}`));
  return COLUMNS.filter(([t, c]) => present.has(`${t}.${c}`));
}

export type RotateProgress = { table: string; column: string; rewritten: number };
export type RotateResult = { keyId: string; rewritten: number; columns: RotateProgress[] };

const CIPHER_TOKEN = { sm4: "sm4", "aes-256-gcm": "aes" } as const;

export async function rotateKeys(
  opts: { batch?: number; pauseMs?: number; onBatch?: (p: RotateProgress) => void } = {},
): Promise<RotateResult> {
  const ring = keyRing();
  if (!ring)
    throw new Error(
      "No encryption key is configured: set KEFU_ENCRYPTION_KEY or KEFU_ENCRYPTION_KEY_FILE (the newest key last)",
    );
  const batch = opts.batch ?? 500;
  const current = `kefu:1:${ring.current}:${CIPHER_TOKEN[ring.cipher]}:%`;
  const columns: RotateProgress[] = [];
  for (const [table, column] of await presentColumns()) {
    const progress = { table, column, rewritten: 0 };
    let after = "";
    for (;;) {
      const rows = await db().$queryRawUnsafe<{ id: string; value: string }[]>(
        `SELECT id, "${column}" AS value FROM "${table}" WHERE id > $1 AND "${column}" IS NOT NULL AND "${column}" NOT LIKE $2 ORDER BY id LIMIT $3`,
        after,
        current,
        batch,
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      progress.rewritten += await rewrite(table, column, rows, ring);
      opts.onBatch?.(progress);
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
    columns.push(progress);
  }
  // the search side table held plaintext copies of messages written before the key; with a key it is not used
  // (lib/conversations/search-memory.ts), so it is emptied rather than left as a second, readable copy
  await db().$executeRawUnsafe(`DELETE FROM message_search`);
  await db().$executeRawUnsafe(`DELETE FROM message_search_cursors`);
  return { keyId: ring.current, rewritten: columns.reduce((n, c) => n + c.rewritten, 0), columns };
}

async function rewrite(
  table: string,
  column: string,
  rows: { id: string; value: string }[],
  ring: KeyRing,
): Promise<number> {
  const ids = rows.map((r) => r.id);
  const olds = rows.map((r) => r.value);
  const news = rows.map((r) => seal(open(r.value, ring), ring));
  return db().$executeRawUnsafe(
    `UPDATE "${table}" AS t SET "${column}" = v.new FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, old, new)
     WHERE t.id = v.id AND t."${column}" = v.old`,
    ids,
    olds,
    news,
  );
}

/** How many stored values each key id sealed, and how many are still plaintext (for `kefu keys status`). */
export async function sealedCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [table, column] of await presentColumns()) {
    const rows = await db().$queryRawUnsafe<{ key: string; n: number }[]>(
      `SELECT CASE WHEN "${column}" LIKE 'kefu:1:%' THEN split_part("${column}", ':', 3) ELSE '(plaintext)' END AS key, count(*)::int AS n
       FROM "${table}" WHERE "${column}" IS NOT NULL GROUP BY 1`,
    );
    for (const r of rows) counts[r.key] = (counts[r.key] ?? 0) + r.n;
  }
  return counts;
}
