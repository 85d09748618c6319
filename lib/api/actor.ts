import type { AuditActor } from "../audit";

/**
 * The address a request came from, for the audit log: the TCP peer server.ts wrote into x-kefu-peer (a client cannot
 * forge it), and, when the peer is a reverse proxy, the X-Forwarded-For it passed on, kept beside it as a claim.
 */
export function requestAddress(req: Request): string | null {
  const peer = req.headers.get("x-kefu-peer") || null;
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded && peer ? `${peer} (for ${forwarded.slice(0, 64)})` : peer;
}

export const apiKeyActor = (req: Request, keyId: string): AuditActor => ({ id: keyId, label: `api key ${keyId}`, address: requestAddress(req) });

export const userActor = (req: Request, user: { userId: string; email: string }): AuditActor => ({
  id: user.userId,
  label: user.email,
  address: requestAddress(req),
});
