// Identified visitors: a user id the customer's server signed. The same person is then one visitor on every device,
// and what they did anonymously before signing in on this device comes with them.
import { db } from "../db/client";
import { KefuError } from "../errors";
import { verifyUserSignature } from "../tenants/widget-secret";

export type IdentifyInput = { userId: string; signature: string; name?: string; email?: string };

/**
 * Checks the signature, then answers the identified visitor's id. An anonymous current visitor is merged into it
 * (conversations, left messages); a current visitor identified as someone else is not: that is another person
 * on a shared device, and nothing of theirs moves.
 */
export async function identifyVisitor(
  tenantId: string,
  currentVisitorId: string,
  input: IdentifyInput,
): Promise<{ visitorId: string; changed: boolean }> {
  if (!(await verifyUserSignature(tenantId, input.userId, input.signature))) {
    throw new KefuError(
      "forbidden",
      "The identity's signature is wrong: sign the user id with HMAC-SHA256 and the tenant's widget secret (see docs/widget.md)",
    );
  }
  const contact = { ...(input.name ? { name: input.name } : {}), ...(input.email ? { email: input.email } : {}) };
  try {
    return await merge(tenantId, currentVisitorId, input.userId, contact);
  } catch (err) {
    // two devices identified the same new user at once: the other created the row, merge into it
    if ((err as { code?: string }).code !== "P2002") throw err;
    return merge(tenantId, currentVisitorId, input.userId, contact);
  }
}

function merge(tenantId: string, currentVisitorId: string, userId: string, contact: { name?: string; email?: string }) {
  return db().$transaction(async (tx) => {
    const current = await tx.visitor.findFirst({
      where: { id: currentVisitorId, tenantId },
      select: { id: true, externalId: true, name: true, email: true, lastPage: true, userAgent: true },
    });
    if (current?.externalId === userId) {
      await tx.visitor.update({ where: { id: current.id }, data: contact });
      return { visitorId: current.id, changed: false };
    }
    const target = await tx.visitor.upsert({
      where: { tenantId_externalId: { tenantId, externalId: userId } },
      create: { tenantId, externalId: userId, ...contact },
      update: contact,
      select: { id: true, name: true, email: true },
    });
    if (current && current.externalId === null) {
      // one open conversation per visitor and bot: where the identified person already has one, the anonymous
      // one is closed before it moves (its messages stay readable to agents)
      const open = await tx.conversation.findMany({
        where: { tenantId, visitorId: target.id, status: { not: "closed" } },
        select: { botId: true },
      });
      if (open.length) {
        await tx.conversation.updateMany({
          where: {
            tenantId,
            visitorId: current.id,
            status: { not: "closed" },
            botId: { in: open.map((c) => c.botId) },
          },
          data: { status: "closed", closedAt: new Date() },
        });
      }
      await tx.conversation.updateMany({ where: { tenantId, visitorId: current.id }, data: { visitorId: target.id } });
      await tx.offlineMessage.updateMany({
        where: { tenantId, visitorId: current.id },
        data: { visitorId: target.id },
      });
      await tx.visitor.update({
        where: { id: target.id },
        data: {
          name: contact.name ?? target.name ?? current.name,
          email: contact.email ?? target.email ?? current.email,
          lastPage: current.lastPage,
          userAgent: current.userAgent,
          lastSeenAt: new Date(),
        },
      });
    }
    return { visitorId: target.id, changed: true };
  });
}
