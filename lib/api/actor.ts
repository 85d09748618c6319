import type { AuditActor } from "../audit";
import { peerOf } from "../auth/caller";

export const requestAddress = peerOf;

export const apiKeyActor = (req: Request, keyId: string): AuditActor => ({
  id: keyId,
  label: `api key ${keyId}`,
  address: peerOf(req),
});

export const userActor = (req: Request, user: { userId: string; email: string }): AuditActor => ({
  id: user.userId,
  label: user.email,
  address: peerOf(req),
});
