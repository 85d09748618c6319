// Personal data requests with their audit row: the one entry for REST, the inbox and the CLI.
import { type AuditActor, recordAudit } from "../audit";
import { eraseVisitor, exportVisitor } from "./visitor-data";

export async function exportVisitorData(tenantId: string, actor: AuditActor, idOrExternalId: string) {
  const data = await exportVisitor(tenantId, idOrExternalId);
  await recordAudit(tenantId, actor, "visitor.export", `visitor:${data.profile.id}`, {
    conversations: data.conversations.length,
    leftMessages: data.leftMessages.length,
    emailReplies: data.emailReplies.length,
    customerEvents: data.customerEvents.length,
  });
  return data;
}

/** The audit row names the visitor by Kefu's random id and counts only: the erased text and contacts stay erased. */
export async function eraseVisitorData(tenantId: string, actor: AuditActor, idOrExternalId: string) {
  const erased = await eraseVisitor(tenantId, idOrExternalId);
  await recordAudit(tenantId, actor, "visitor.erase", `visitor:${erased.visitorId}`, {
    conversations: erased.conversations,
    messages: erased.messages,
    leftMessages: erased.leftMessages,
    emailReplies: erased.emailReplies,
    customerEvents: erased.customerEvents,
  });
  return { ...erased, erased: true as const };
}
