// The tenant's widget secret: the customer's server signs its user ids with it (Kefu.identify), so a page can only
// claim an identity its own back end vouched for. Made on first use, never sent to a visitor.
import crypto from "node:crypto";
import { db } from "../db/client";
import { KefuError } from "../errors";

const newSecret = () => `kws_${crypto.randomBytes(32).toString("base64url")}`;

/** The tenant's widget secret, created (once, even under concurrent first uses) when it has none yet. */
export async function getWidgetSecret(tenantId: string): Promise<string> {
  // only fills an empty column, so two first uses agree on whichever write landed first
  await db().tenant.updateMany({ where: { id: tenantId, widgetSecret: null }, data: { widgetSecret: newSecret() } });
  const row = await db().tenant.findFirst({ where: { id: tenantId }, select: { widgetSecret: true } });
  if (!row?.widgetSecret) throw new KefuError("not_found", "No such tenant");
  return row.widgetSecret;
}

/** What the customer's server computes: HMAC-SHA256(userId) as hex, keyed with the widget secret. */
export const signUserId = (secret: string, userId: string) =>
  crypto.createHmac("sha256", secret).update(userId, "utf8").digest("hex");

/** Constant-time check of a page's claimed identity. */
export async function verifyUserSignature(tenantId: string, userId: string, signature: string): Promise<boolean> {
  const expected = Buffer.from(signUserId(await getWidgetSecret(tenantId), userId), "utf8");
  const given = Buffer.from(signature.toLowerCase(), "utf8");
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
