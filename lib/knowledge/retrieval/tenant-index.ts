import { db } from "../../db/client";
import { decodeVector } from "../vectors";
import { KnowledgeIndex } from "./hybrid";
import { entryOrigin } from "./origin";

const CHUNK = 500;

/**
 * One tenant's index, kept equal to its enabled entries in Postgres. `refresh()` compares what the index holds with
 * the entries' ids, updated times and vector models (one light query) and reloads only what changed, so it is cheap
 * enough to run on every change; concurrent refreshes coalesce into at most one more run.
 */
export class TenantIndex {
  readonly index = new KnowledgeIndex();
  private seen = new Map<string, { updatedAt: number; model: string | null }>();
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(readonly tenantId: string) {}

  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.refreshNow().finally(() => (this.running = undefined));
      return this.running;
    }
    // a change arrived during a refresh that may have read before it: one more run after this one
    this.queued = this.running
      .catch(() => {}) // that refresh's failure went to its own callers; this run must still happen
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  private async refreshNow() {
    const rows = await db().knowledgeEntry.findMany({
      where: { tenantId: this.tenantId, enabled: true },
      select: { id: true, updatedAt: true, embeddingModel: true },
    });
    const live = new Set(rows.map((r) => r.id));
    for (const id of this.seen.keys()) {
      if (live.has(id)) continue;
      this.index.remove(id);
      this.seen.delete(id);
    }
    const changed = rows.filter((r) => {
      const s = this.seen.get(r.id);
      return !s || s.updatedAt !== r.updatedAt.getTime() || s.model !== r.embeddingModel;
    });
    for (let i = 0; i < changed.length; i += CHUNK) {
      const full = await db().knowledgeEntry.findMany({
        where: { tenantId: this.tenantId, enabled: true, id: { in: changed.slice(i, i + CHUNK).map((r) => r.id) } },
        select: {
          id: true,
          knowledgeBaseId: true,
          title: true,
          content: true,
          tags: true,
          kind: true,
          updatedAt: true,
          embedding: true,
          embeddingModel: true,
          source: true,
        },
      });
      for (const r of full) {
        const vector = r.embedding && r.embeddingModel ? decodeVector(r.embedding) : undefined;
        this.index.upsert({
          id: r.id,
          knowledgeBaseId: r.knowledgeBaseId,
          title: r.title,
          content: r.content,
          tags: r.tags,
          kind: r.kind,
          updatedAt: r.updatedAt.getTime(),
          vector,
          vectorModel: vector ? r.embeddingModel! : undefined,
          origin: entryOrigin(r.source),
        });
        this.seen.set(r.id, { updatedAt: r.updatedAt.getTime(), model: vector ? r.embeddingModel : null });
      }
    }
  }

  /** After this process stored a vector: the row's model changed, which the next refresh need not reload. */
  noteVector(id: string, model: string) {
    const s = this.seen.get(id);
    if (s) s.model = model;
  }
}
