// The workspace's time zone: every time the console shows is rendered in it (i18n/request.ts gives it to next-intl).
// Unset (NULL) means the server's own zone, so a deployment that sets TZ needs no setting at all.
import { z } from "zod";
import { type AuditActor, recordAudit } from "../audit";
import { db } from "../db/client";
import { KefuError } from "../errors";

/** The zone this server runs in (TZ, else the system's), as Intl reports it. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false; // a RangeError is Intl's answer for a zone it does not know
  }
}

/** The console's and REST's body: an IANA zone such as "Europe/Berlin", or null for the server's zone. */
export const timeZoneInputSchema = z.object({
  timeZone: z
    .string({ error: 'timeZone must be an IANA time zone such as "Asia/Shanghai", or null for the server\'s zone' })
    .trim()
    .max(64, "timeZone must be at most 64 characters")
    .refine(isTimeZone, 'timeZone must be an IANA time zone such as "Asia/Shanghai" or "Europe/Berlin"')
    .nullable(),
});

/** What the workspace set (null: follows the server) and the zone in effect. */
export async function getTimeZone(tenantId: string) {
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { timeZone: true } });
  if (!t) throw new KefuError("not_found", "No such workspace");
  const server = serverTimeZone();
  // a zone stored by a newer Intl (or a server moved to an older one) must not break every page: fall back
  const effective = t.timeZone && isTimeZone(t.timeZone) ? t.timeZone : server;
  return { timeZone: t.timeZone, effective, server };
}

export async function setTimeZone(tenantId: string, actor: AuditActor, zone: string | null) {
  const { timeZone } = timeZoneInputSchema.parse({ timeZone: zone });
  const before = await db().tenant.findUnique({ where: { id: tenantId }, select: { timeZone: true } });
  if (!before) throw new KefuError("not_found", "No such workspace");
  await db().tenant.update({ where: { id: tenantId }, data: { timeZone }, select: { id: true } });
  await recordAudit(tenantId, actor, "settings.time_zone", "tenant", {
    timeZone: { from: before.timeZone, to: timeZone },
  });
  return getTimeZone(tenantId);
}
