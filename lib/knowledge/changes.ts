// Every write to a tenant's knowledge calls knowledgeChanged(tenantId) after its commit; the retrieval index
// subscribes here (and forwards the news to the other Kefu servers).
type Listener = (tenantId: string) => void | Promise<void>;
const listeners = new Set<Listener>();

export function onKnowledgeChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function knowledgeChanged(tenantId: string): Promise<void> {
  for (const listener of listeners) await listener(tenantId);
}
