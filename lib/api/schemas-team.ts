import { z } from "zod";
import { roleSchema } from "../tenants";

// The public shapes of the team and API keys in REST /api/v1 (kept apart from schemas.ts: one file per area).
const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime());
const isoDateOrNull = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime().nullable());

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string().describe("The label given when the key was made"),
  prefix: z.string().describe("The first characters of the key, to recognise it (the key itself is never shown again)"),
  createdAt: isoDate,
  lastUsedAt: isoDateOrNull.describe("Last request made with it, to the minute"),
});

export const memberSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  status: z.enum(["active", "pending", "deactivated"]).describe("pending: invited, no password chosen yet"),
  maxChats: z.number().int().describe("At most this many open conversations are assigned to them automatically"),
  lastSeenAt: isoDateOrNull,
  createdAt: isoDate,
});

export const revokedSchema = z.object({ id: z.string(), revoked: z.literal(true) });
