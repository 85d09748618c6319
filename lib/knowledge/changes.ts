import crypto from "node:crypto";
import { db } from "../db/client";
import { log } from "../log";

// Every write to a tenant's knowledge calls knowledgeChanged(tenantId) after its commit. The retrieval index of this
// process subscribes here, and a NOTIFY on KNOWLEDGE_CHANNEL tells the other Kefu servers (and the other processes of
// this one, like the CLI) to refresh theirs.
export const KNOWLEDGE_CHANNEL = "kefu_knowledge";

type Listener = (tenantId: string) => void | Promise<void>;
// on globalThis: Next's route handlers and server.ts share the process but not the module graph
const g = globalThis as unknown as { __kefuKnowledgeListeners?: Set<Listener>; __kefuNodeId?: string };
const listeners = (g.__kefuKnowledgeListeners ??= new Set());

/** This process's id in notifications, so it can skip its own. */
export function nodeId(): string {
  g.__kefuNodeId ??= crypto.randomUUID();
  return g.__kefuNodeId;
}

export function onKnowledgeChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function knowledgeChanged(tenantId: string): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(tenantId);
    } catch (err) {
      log.error(`knowledge change listener failed: ${(err as Error).message}`);
    }
  }
  // the write itself succeeded: a lost notification is logged, the other nodes catch up on their next reconnect
  const payload = JSON.stringify({ node: nodeId(), tenantId });
  await db().$executeRaw`SELECT pg_notify(${KNOWLEDGE_CHANNEL}, ${payload})`.catch((err: Error) =>
    log.error(`knowledge change not broadcast: ${err.message}`),
  );
}
