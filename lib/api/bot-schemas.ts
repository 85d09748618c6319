import { z } from "zod";

const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime());

export const botVersionSchema = z.object({
  id: z.string(),
  number: z.number().int().describe("1 for the bot as created, then one more for each saved change"),
  action: z.enum(["created", "updated", "duplicated", "rolled_back", "published"]),
  changed: z.array(z.string()).describe("The fields that differ from the previous version"),
  sourceNumber: z.number().int().nullable().describe("For a rollback: the version it went back to"),
  authorName: z.string().describe('Who saved it: a user\'s name, "API key" or "CLI"'),
  createdAt: isoDate,
});

export const botDeletionSchema = z.object({
  deleted: z.literal(true),
  conversations: z.number().int().describe("The bot's conversations, all kept"),
  closedConversations: z.number().int().describe("Open conversations closed by the deletion"),
});

export const versionParamSchema = z.object({ id: z.string().min(1).max(100), versionId: z.string().min(1).max(100) });
