// Inbox search when encryption at rest is on (docs/encryption.md). PostgreSQL holds only ciphertext, so ILIKE and
// the trigram index cannot see the words: each server keeps, per tenant that searched, an in-memory index of the
// decrypted message text, caught up from messages by created_at at each search (first search reads the tenant's
// whole history once). Trade-off: the plaintext of searched tenants sits in this process's memory, and a first search
// after a start costs a full read and decryption; in exchange the database and its backups hold no searchable words.
// Visitor names and emails are few per search and change: they are decrypted and matched on each search.
import { db } from "../db/client";

const PAGE = 5000;
// rows created this long before the newest one seen are read again, so a batch that committed late is not missed
const OVERLAP_MS = 60_000;

type TenantIndex = {
  until: Date | null;
  texts: Map<string, { conversationId: string; text: string }>;
  busy?: Promise<void>;
};
const indexes = new Map<string, TenantIndex>();

async function catchUp(tenantId: string, index: TenantIndex) {
  const since = index.until ? new Date(index.until.getTime() - OVERLAP_MS) : undefined;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await db().message.findMany({
      where: {
        tenantId,
        ...(since ? { createdAt: { gte: since } } : {}),
        ...(after
          ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
          : {}),
      },
      select: { id: true, conversationId: true, text: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE,
    });
    for (const r of rows) {
      index.texts.set(r.id, { conversationId: r.conversationId, text: r.text.toLocaleLowerCase() });
      if (!index.until || r.createdAt > index.until) index.until = r.createdAt;
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1];
  }
}

/** Ids of the tenant's conversations with a message containing q (case-insensitive), from decrypted text. */
export async function sealedConversationsWithText(tenantId: string, q: string, limit = 1000): Promise<string[]> {
  let index = indexes.get(tenantId);
  if (!index) indexes.set(tenantId, (index = { until: null, texts: new Map() }));
  // one catch-up at a time per tenant; concurrent searches wait for it
  if (!index.busy) index.busy = catchUp(tenantId, index).finally(() => void ((index as TenantIndex).busy = undefined));
  await index.busy;
  const needle = q.toLocaleLowerCase();
  const found = new Set<string>();
  for (const { conversationId, text } of index.texts.values()) {
    if (text.includes(needle)) found.add(conversationId);
    if (found.size >= limit) break;
  }
  return [...found];
}

/** Ids of the tenant's visitors whose name or email contains q (case-insensitive), decrypted here. */
export async function sealedVisitorsMatching(tenantId: string, q: string): Promise<string[]> {
  const needle = q.toLocaleLowerCase();
  const rows = await db().visitor.findMany({
    where: { tenantId, OR: [{ name: { not: null } }, { email: { not: null } }] },
    select: { id: true, name: true, email: true },
  });
  return rows
    .filter((v) => v.name?.toLocaleLowerCase().includes(needle) || v.email?.toLocaleLowerCase().includes(needle))
    .map((v) => v.id);
}
