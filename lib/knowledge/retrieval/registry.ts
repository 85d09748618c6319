import pg from "pg";
import { db } from "../../db/client";
import { KNOWLEDGE_CHANNEL, nodeId, onKnowledgeChanged } from "../changes";
import { calibrateDense, embedMissing } from "../vectors";
import { TenantIndex } from "./tenant-index";
import { envVar } from "../../env";
import { log } from "../../log";

const RECONNECT_MS = 2_000;

/**
 * The per-tenant indexes of one process. A tenant's index is built from Postgres on first use (or at start, see
 * `warm`), refreshed on every change made in this process (knowledgeChanged) and on every change another process
 * announces on the `kefu_knowledge` channel. While that channel is not listened to (the connection broke), every
 * search refreshes first, so a node never serves an index that may have missed a change.
 */
export class RetrievalRegistry {
  private tenants = new Map<string, Promise<TenantIndex>>();
  private listener: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private unsubscribe: (() => void) | undefined;
  private vectorJobs = new Map<string, { again: boolean }>();
  /** vectors computed in the background, for tests and the bench */
  embedded = 0;

  constructor(readonly options: { nodeId?: string; vectors?: boolean } = {}) {}

  /** Whether changes of other nodes reach this registry now. */
  get isListening() {
    return this.listening;
  }

  get id() {
    return this.options.nodeId ?? nodeId();
  }

  /** Subscribes to this process's changes (the process-wide registry only) and listens to other nodes'. */
  start(local = true) {
    if (local && !this.unsubscribe) this.unsubscribe = onKnowledgeChanged((tenantId) => this.changed(tenantId, true));
    void this.listen();
    return this;
  }

  async index(tenantId: string): Promise<TenantIndex> {
    let p = this.tenants.get(tenantId);
    if (!p) {
      const t = new TenantIndex(tenantId);
      p = t.refresh().then(() => t);
      this.tenants.set(tenantId, p);
      p.then((t) => this.vectors(t)).catch(() => this.tenants.delete(tenantId));
    }
    const t = await p;
    if (!this.listening) await t.refresh();
    return t;
  }

  /** Builds the indexes of these tenants now rather than at their first question. */
  async warm(tenantIds: string[]) {
    for (const id of tenantIds) await this.index(id);
  }

  /** A tenant's knowledge changed: refresh its index if this process has one; compute vectors where it was written. */
  async changed(tenantId: string, local: boolean) {
    const p = this.tenants.get(tenantId);
    if (!p) return;
    const t = await p;
    await t.refresh();
    if (local) this.vectors(t);
  }

  /** Background: vectors for the entries that lack one of the current model; one job per tenant at a time. */
  private vectors(t: TenantIndex) {
    if (this.options.vectors === false) return;
    const job = this.vectorJobs.get(t.tenantId);
    if (job) {
      job.again = true;
      return;
    }
    const state = { again: false };
    this.vectorJobs.set(t.tenantId, state);
    void (async () => {
      try {
        do {
          state.again = false;
          this.embedded += await embedMissing(t);
        } while (state.again && !this.closed);
        if (!this.closed) await calibrateDense(t);
      } catch (err) {
        log.error(`embedding knowledge entries failed: ${(err as Error).message}`);
      } finally {
        this.vectorJobs.delete(t.tenantId);
      }
    })();
  }

  /** Waits until no vector job runs (tests, bench). */
  async vectorsSettled() {
    while (this.vectorJobs.size) await new Promise((r) => setTimeout(r, 50));
  }

  private channelDown = false;

  private async listen() {
    if (this.listener || this.closed || !envVar("DATABASE_URL")) return;
    // named, so an operator sees each server's listener in pg_stat_activity
    const client = new pg.Client({
      connectionString: envVar("DATABASE_URL"),
      keepAlive: true,
      application_name: `kefu-retrieval-${this.id}`.slice(0, 63),
    });
    this.listener = client;
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listening = false;
      this.listener = undefined;
      client.end().catch(() => {}); // the connection is already broken: this only releases it
      if (this.closed) return;
      // once per outage: while the database is down every reconnect attempt fails, and a line each would flood the log
      if (!this.channelDown)
        log.error(`knowledge change channel lost (${why}); searches refresh first until it is back`);
      this.channelDown = true;
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    client.on("error", (err) => lost(err.message));
    client.on("end", () => lost("connection ended"));
    client.on("notification", (msg) => {
      if (msg.channel !== KNOWLEDGE_CHANNEL || !msg.payload) return;
      try {
        const { node, tenantId } = JSON.parse(msg.payload) as { node: string; tenantId: string };
        if (node !== this.id && typeof tenantId === "string") {
          this.changed(tenantId, false).catch((err) => log.error(`knowledge refresh failed: ${err.message}`));
        }
      } catch {
        // not ours
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${KNOWLEDGE_CHANNEL}`);
      // the listener does not keep a CLI command or a test process alive
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      this.listening = true;
      if (this.channelDown) log.info("knowledge change channel back");
      this.channelDown = false;
      // changes made while nobody listened: catch up
      for (const p of this.tenants.values())
        void p.then((t) => t.refresh()).catch((err) => log.error(`knowledge refresh failed: ${err.message}`));
    } catch (err) {
      lost((err as Error).message);
    }
  }

  async close() {
    this.closed = true;
    this.unsubscribe?.();
    this.listening = false;
    const c = this.listener;
    this.listener = undefined;
    await c?.end().catch(() => {}); // closing: a connection that is already gone is fine
  }
}

// One per process, on globalThis: Next's route handlers and server.ts share the process but not the module graph.
const g = globalThis as unknown as { __kefuRetrieval?: RetrievalRegistry };
export function retrieval(): RetrievalRegistry {
  g.__kefuRetrieval ??= new RetrievalRegistry().start();
  return g.__kefuRetrieval;
}

/** At server stop, before the database goes: a deliberate stop, so the change channel closing is no outage. */
export async function stopRetrieval(): Promise<void> {
  await g.__kefuRetrieval?.close();
}

/**
 * At server start: listen for other nodes' changes, and build the index of every tenant with knowledge (then their
 * missing vectors) in the background, so the first visitor question does not wait for it.
 */
export async function startRetrieval(log: (m: string) => void): Promise<void> {
  const started = Date.now();
  const registry = retrieval();
  const tenants = await db().knowledgeBase.findMany({ distinct: ["tenantId"], select: { tenantId: true } });
  await registry.warm(tenants.map((t) => t.tenantId));
  log(
    `Knowledge indexes of ${tenants.length} tenant${tenants.length === 1 ? "" : "s"} built in ${Date.now() - started} ms`,
  );
}
