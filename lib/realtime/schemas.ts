import { z } from "zod";
import { clientIdSchema } from "../conversations";

export const visitorAuthSchema = z.object({
  key: z.string({ error: "key (the bot's public key) is required" }).min(1).max(100),
  token: z.string().max(2000).optional().nullable(),
  lastSeq: z.coerce.number().int().min(0).optional().nullable(),
});

// text is validated by messageTextSchema inside lib/conversations so the error names the exact problem
export const visitorMessageSchema = z.object({ clientId: clientIdSchema, text: z.unknown() });
export const agentReplySchema = z.object({ conversationId: z.string().min(1).max(100), clientId: clientIdSchema, text: z.unknown() });
export const conversationRefSchema = z.object({ conversationId: z.string().min(1).max(100) });
export const openConversationSchema = conversationRefSchema.extend({ afterSeq: z.number().int().min(0).optional() });

export type Ack = (res: { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } }) => void;
